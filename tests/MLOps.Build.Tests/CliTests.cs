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

    [Fact]
    public void Validate_names_the_model_after_the_project_or_the_model_option()
    {
        using var project = new ModelProject().WithChurnProject();
        File.Copy(Path.Combine(Repository.Root, "samples", "Churn", "churn.schema.json"), Path.Combine(project.Directory, "churn.schema.json"));
        string ModelIn(CommandResult result, string report)
        {
            Assert.True(result.ExitCode is 0 or 1, result.ToString());
            return System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(project.Directory, report))).RootElement.GetProperty("model").GetString()!;
        }

        var fromProject = Mlops(project, "validate", "data/train.csv", "--schema", "churn.schema.json", "--report", "project.json");
        Assert.Equal("Churn", ModelIn(fromProject, "project.json"));
        Assert.Contains("Churn: data checked against churn.schema.json", fromProject.Output);

        var fromOption = Mlops(project, "validate", "data/train.csv", "--schema", "churn.schema.json", "--model", "Retention", "--report", "option.json");
        Assert.Equal("Retention", ModelIn(fromOption, "option.json"));

        project.WithChurnProject("<ModelName>Churn.Monthly</ModelName>");
        Assert.Equal("Churn.Monthly", ModelIn(Mlops(project, "validate", "data/train.csv", "--schema", "churn.schema.json", "--report", "named.json"), "named.json"));

        File.Delete(project.ProjectPath);
        Assert.Equal("churn", ModelIn(Mlops(project, "validate", "data/train.csv", "--schema", "churn.schema.json", "--report", "contract.json"), "contract.json"));
    }

    public static TheoryData<string> GarbageCommandLines() =>
    [
        "", "bogus", "--bogus", "schema", "schema infer", "schema infer missing.csv", "schema infer binary.bin", "schema infer folder",
        "schema infer empty.csv", "schema infer data/train.csv --output folder", "schema infer data/train.csv --bogus",
        "validate data/train.csv", "validate data/train.csv --schema binary.bin", "validate data/train.csv --schema folder",
        "validate data/train.csv --schema missing.json", "validate data/train.csv --schema garbage.json", "validate binary.bin --schema contract.json",
        "validate folder --schema contract.json", "validate data/train.csv --schema contract.json --report folder",
        "validate data/train.csv --schema contract.json --max-messages -5", "validate data/train.csv --schema contract.json --max-messages lots",
        "validate data/train.csv --schema contract.json --evaluation binary.bin", "validate data/train.csv --schema contract.json --reference folder",
        "verify", "verify garbage.nupkg", "verify binary.bin", "verify folder", "verify missing.nupkg", "verify garbage.nupkg --inputs missing",
    ];

    [Theory]
    [MemberData(nameof(GarbageCommandLines))]
    public void No_command_given_garbage_prints_a_stack_trace(string commandLine)
    {
        using var project = new ModelProject();
        File.WriteAllBytes(Path.Combine(project.Directory, "binary.bin"), [0x7F, 0x45, 0x4C, 0x46, 0xD0, 0xFF, 0x00, 0x0A, 0xC3]);
        File.WriteAllText(Path.Combine(project.Directory, "empty.csv"), "");
        File.WriteAllText(Path.Combine(project.Directory, "garbage.json"), "{ \"format\": [1, 2");
        File.WriteAllText(Path.Combine(project.Directory, "garbage.nupkg"), "not a zip");
        File.WriteAllText(Path.Combine(project.Directory, "contract.json"), "{ \"format\": \"mlops-data-contract\", \"columns\": [] }");
        Directory.CreateDirectory(Path.Combine(project.Directory, "folder"));

        var result = Mlops(project, commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries));

        Assert.DoesNotContain("   at ", result.Output);
        Assert.DoesNotContain("Unhandled", result.Output);
        Assert.DoesNotContain("MLOPS9001", result.Output);
        Assert.Contains(result.ExitCode, new[] { 1, 2 });
        Assert.Matches(@"error MLOPS\d{4}: ", result.Output);
    }
}
