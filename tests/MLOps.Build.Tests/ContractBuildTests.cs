using System.Text.Json;
using Xunit;

namespace MLOps.Build.Tests;

/// <summary>A model project with a data contract: what `dotnet build` says about data that breaks it or drifts.</summary>
public class ContractBuildTests
{
    private static ModelProject ProjectWithContract(string? contract = null, string extraItems = "", string extraProperties = "")
    {
        var project = new ModelProject();
        File.WriteAllText(Path.Combine(project.Directory, "churn.schema.json"),
            contract ?? File.ReadAllText(Path.Combine(Repository.Root, "samples", "Churn", "churn.schema.json")));
        return project.WithChurnProject($"<DataSchemaFile>churn.schema.json</DataSchemaFile>{extraProperties}", extraItems);
    }

    private static string ValidationReport(ModelProject project) => Path.Combine(project.OutputDirectory, "Churn.validation.json");

    [Fact]
    public void A_broken_error_rule_fails_the_build_at_the_value_and_trains_nothing()
    {
        using var project = ProjectWithContract();
        project.EditData("train.csv", "C01000001,37,", "C01000001,-37,");

        var result = project.Build();

        Assert.False(result.Succeeded, result.Output);
        Assert.Contains("data/train.csv(3,11): error MLOPS1030: Column 'tenure_months' has the value '-37', below the contract's minimum 0.", result.Output);
        Assert.False(result.Trained);
        Assert.False(File.Exists(project.ModelPath));
        Assert.DoesNotContain("   at ", result.Output);
    }

    [Fact]
    public void A_warning_rule_only_warns_and_the_report_lists_every_rule()
    {
        using var project = ProjectWithContract();

        var result = project.Build();

        Assert.True(result.Succeeded, result.Output);
        Assert.Contains("data/train.csv(1005,19): warning MLOPS1030: Column 'total_charges' has the value '-11.02'", result.Output);
        using var report = JsonDocument.Parse(File.ReadAllBytes(ValidationReport(project)));
        var training = report.RootElement.GetProperty("data")[0];
        Assert.Equal("training data", training.GetProperty("role").GetString());
        var min = training.GetProperty("rules").EnumerateArray().Single(r => r.GetProperty("column").GetString() == "total_charges" && r.GetProperty("rule").GetString() == "min");
        Assert.Equal(3, min.GetProperty("violations").GetInt32());
        Assert.Equal("warning", min.GetProperty("severity").GetString());
        Assert.Contains("| total_charges | min |", File.ReadAllText(Path.ChangeExtension(ValidationReport(project), ".md")));
    }

    [Fact]
    public void Drifted_reference_data_warns_per_drifted_column_and_names_the_new_category()
    {
        using var project = ProjectWithContract(extraItems: "<ReferenceData Include=\"data/current.csv\" />");
        File.Copy(Path.Combine(Repository.Root, "tests", "fixtures", "churn_current_drifted.csv"), project.DataPath("current.csv"));

        var result = project.Build();

        // Drift only warns (unless the contract makes it an error); the drifted extract also misses total_charges in 22% of rows, which fails.
        Assert.False(result.Succeeded, result.Output);
        Assert.Contains("error MLOPS1029: Column 'total_charges' misses a value in 889 of 4,000 rows of the reference data", result.Output);
        Assert.Contains("data/current.csv(1,13): warning MLOPS1040: Column 'tenure_months' of the reference data drifted", result.Output);
        Assert.Contains("warning MLOPS1040: Column 'contract' of the reference data drifted", result.Output);
        Assert.Contains("warning MLOPS1041: Column 'payment_method' of the reference data has values the training data never had: 'wallet' (792 rows)", result.Output);
        Assert.DoesNotContain("MLOPS1040: Column 'region'", result.Output);
        using var report = JsonDocument.Parse(File.ReadAllBytes(ValidationReport(project)));
        var drift = report.RootElement.GetProperty("drift").EnumerateArray().Single(d => d.GetProperty("current").GetString() == "reference data");
        var drifted = drift.GetProperty("columns").EnumerateArray().Where(c => c.GetProperty("drifted").GetBoolean()).Select(c => c.GetProperty("column").GetString()).ToArray();
        Assert.Contains("tenure_months", drifted);
        Assert.Contains("contract", drifted);
        Assert.Contains("payment_method", drifted);
    }

    [Fact]
    public void Data_from_the_training_distribution_raises_no_drift_and_drift_can_be_made_an_error()
    {
        using var project = ProjectWithContract(extraItems: "<ReferenceData Include=\"data/current.csv\" />");
        File.Copy(project.DataPath("test.csv"), project.DataPath("current.csv"));

        var calm = project.Build();
        Assert.True(calm.Succeeded, calm.Output);
        Assert.DoesNotContain("MLOPS1040", calm.Output);

        File.Copy(Path.Combine(Repository.Root, "tests", "fixtures", "churn_current_drifted.csv"), project.DataPath("current.csv"), overwrite: true);
        var contract = File.ReadAllText(Path.Combine(project.Directory, "churn.schema.json"));
        File.WriteAllText(Path.Combine(project.Directory, "churn.schema.json"), contract.Replace("\"drift\": {", "\"severity\": { \"drift\": \"error\" },\n  \"drift\": {"));
        var blocked = project.Build();
        Assert.False(blocked.Succeeded, blocked.Output);
        Assert.Contains("error MLOPS1040: Column 'tenure_months'", blocked.Output);
    }

    [Fact]
    public void A_mistake_in_the_contract_points_at_its_line_and_a_missing_contract_says_how_to_write_one()
    {
        using var project = ProjectWithContract("""
            {
              "format": "mlops-data-contract",
              "columns": [
                { "name": "tenure_months", "type": "int" }
              ]
            }
            """);
        var result = project.Build();
        Assert.False(result.Succeeded);
        Assert.Contains("churn.schema.json(4,32): error MLOPS1026: Column 'tenure_months' has type 'int', which is not a contract type.", result.Output);

        File.Delete(Path.Combine(project.Directory, "churn.schema.json"));
        var missing = project.Build();
        Assert.False(missing.Succeeded);
        Assert.Contains("error MLOPS1025: Data contract not found", missing.Output);
        Assert.Contains("mlops schema infer", missing.Output);
    }
}
