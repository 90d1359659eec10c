using Xunit;

namespace MLOps.Build.Tests;

/// <summary>The mlops tool installed from the packed feed with `dotnet tool install`, run as a user runs it.</summary>
public class CliTests
{
    private static CommandResult Mlops(ModelProject project, params string[] arguments) => MlopsTool.Run(project.Directory, arguments);

    [Fact]
    public void Schema_infer_drafts_a_contract_that_a_model_build_then_checks()
    {
        using var project = new ModelProject();
        var inferred = Mlops(project, "schema", "infer", "data/train.csv", "--output", "churn.schema.json");
        Assert.True(inferred.Succeeded, inferred.ToString());
        Assert.Contains("Wrote a data contract for 11 columns to churn.schema.json", inferred.Output);
        var contract = File.ReadAllText(Path.Combine(project.Directory, "churn.schema.json"));
        Assert.Contains("\"type\": \"id\"", contract);
        Assert.Contains("\"month-to-month\"", contract);

        project.WithChurnProject("<DataSchemaFile>churn.schema.json</DataSchemaFile>");
        var build = project.Build();
        Assert.True(build.Succeeded, build.Output);
        Assert.Contains("data checked against churn.schema.json", build.Output);
    }

    [Fact]
    public void Validate_reports_violations_and_drift_and_help_explains_the_commands()
    {
        using var project = new ModelProject();
        File.Copy(Path.Combine(Repository.Root, "samples", "Churn", "churn.schema.json"), Path.Combine(project.Directory, "churn.schema.json"));
        File.Copy(Path.Combine(Repository.Root, "tests", "fixtures", "churn_current_drifted.csv"), project.DataPath("current.csv"));

        var result = Mlops(project, "validate", "data/train.csv", "--schema", "churn.schema.json", "--reference", "data/current.csv", "--label", "churned", "--exclude", "customer_id");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("data/current.csv(1,13): warning MLOPS1040: Column 'tenure_months' of the reference data drifted", result.Output);
        Assert.Contains("error MLOPS1029", result.Output);
        Assert.Contains("## Drift: reference data against training data", result.Output);

        var help = Mlops(project, "--help");
        Assert.True(help.Succeeded);
        Assert.Contains("schema", help.Output);
        Assert.Contains("validate", help.Output);
    }
}
