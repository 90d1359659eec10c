using System.Text.Json;
using Xunit;

namespace MLOps.Build.Tests;

/// <summary>
/// `mlops status`: after a real `dotnet build`, whether each model is up to date, and when it is not, which input
/// changed (a data file with its hashes, a TrainerParameter with its old and new values) or that the baseline package
/// moved on its feed; exit 0 when all are current, 5 when some are stale. Nothing is built or written.
/// </summary>
public class StatusTests
{
    private static JsonElement[] Models(CommandResult status) =>
        JsonDocument.Parse(status.StandardOutput).RootElement.GetProperty("models").EnumerateArray().ToArray();

    private static string[] Reasons(JsonElement model) => model.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()!).ToArray();

    [Fact]
    public void A_built_model_is_current_until_a_data_byte_or_a_trainer_parameter_changes_and_status_names_which()
    {
        using var project = new ModelProject().WithChurnProject(extraItems: """<TrainerParameter Include="L2" Value="1" />""");
        var built = project.Build();
        Assert.True(built.Succeeded && built.Trained, built.ToString());
        var record = File.ReadAllBytes(Path.Combine(project.OutputDirectory, "Churn.fingerprint.json"));
        Assert.Contains("\"TrainerParameter L2\": \"1\"", System.Text.Encoding.UTF8.GetString(record)); // the record keeps the settings

        var current = MlopsTool.Run(project.Directory, "status");
        Assert.True(current.ExitCode == 0, current.ToString());
        Assert.Contains("up to date", current.StandardOutput);
        Assert.Contains("1 model(s) up to date.", current.StandardOutput);

        var json = MlopsTool.Run(project.Directory, "status", "--json");
        Assert.True(json.ExitCode == 0, json.ToString());
        var model = Assert.Single(Models(json));
        Assert.Equal("Churn", model.GetProperty("model").GetString());
        Assert.Equal("Churn.mlproj", model.GetProperty("project").GetString());
        Assert.Equal("current", model.GetProperty("status").GetString());
        Assert.Empty(Reasons(model));
        Assert.True(model.GetProperty("built").GetBoolean());
        Assert.Equal("passed", model.GetProperty("verdict").GetString());
        Assert.False(model.TryGetProperty("baseline", out _)); // no baseline package: left out, as every null is

        project.EditData("train.csv", "C01000000,34,", "C01000000,35,");
        var dataChanged = MlopsTool.Run(project.Directory, "status", "Churn.mlproj");
        Assert.True(dataChanged.ExitCode == 5, dataChanged.ToString());
        Assert.Contains("stale", dataChanged.StandardOutput);
        Assert.Matches(@"data/train\.csv changed \(SHA-256 [0-9a-f]{12}… → [0-9a-f]{12}…\)", dataChanged.StandardOutput);
        Assert.Contains("1 of 1 model(s) stale", dataChanged.StandardOutput);

        project.WithChurnProject(extraItems: """<TrainerParameter Include="L2" Value="10" />""");
        var both = MlopsTool.Run(project.Directory, "status", "--json");
        Assert.True(both.ExitCode == 5, both.ToString());
        var stale = Assert.Single(Models(both));
        Assert.Equal("stale", stale.GetProperty("status").GetString());
        Assert.Contains(Reasons(stale), r => r.StartsWith("data/train.csv changed (SHA-256 ", StringComparison.Ordinal));
        Assert.Contains("TrainerParameter L2 changed (1 → 10)", Reasons(stale));
        Assert.Equal(record, File.ReadAllBytes(Path.Combine(project.OutputDirectory, "Churn.fingerprint.json"))); // status wrote nothing

        var rebuilt = project.Build();
        Assert.True(rebuilt.Succeeded && rebuilt.Trained, rebuilt.ToString());
        Assert.Contains("TrainerParameter L2 changed (1 → 10)", rebuilt.Output);
        Assert.Equal(0, MlopsTool.Run(project.Directory, "status").ExitCode);
    }

    [Fact]
    public void Status_reads_the_project_as_the_build_does_with_gates_an_override_and_a_cache_set()
    {
        var cache = Directory.CreateTempSubdirectory("mlops-e2e-cache-").FullName; // an empty folder feed: nothing to restore, the build trains
        using var project = new ModelProject().WithChurnProject($"""
            <GateOverrideReason>Known dip on the new plan, ticket 42</GateOverrideReason><GateOverrideGates>auc</GateOverrideGates>
            <ModelGateCorrection>None</ModelGateCorrection><ModelGateResamples>200</ModelGateResamples>
            <ModelCacheSource>{cache}</ModelCacheSource><ModelMaxDiagnosticsPerCode>5</ModelMaxDiagnosticsPerCode>
            """, """
            <ModelGate Include="auc" Minimum="0.999" />
            <SliceColumn Include="region" MinimumRows="200" />
            <TrainerParameter Include="L2" Value="1" />
            """);
        var built = project.Build();
        Assert.True(built.Succeeded && built.Trained, built.ToString());

        var status = MlopsTool.Run(project.Directory, "status", "--json");

        Assert.True(status.ExitCode == 0, status.ToString());
        var model = Assert.Single(Models(status));
        Assert.Equal("current", model.GetProperty("status").GetString());
        Assert.Empty(Reasons(model));
        Assert.True(model.GetProperty("overridden").GetBoolean()); // the failed auc gate passed by the override the build recorded
    }

    [Fact]
    public void A_solution_with_two_models_lists_both_and_is_stale_while_one_was_never_built()
    {
        using var repository = new ModelProject(copyData: false);
        foreach (var name in new[] { "Churn", "Fraud" })
        {
            var folder = Path.Combine(repository.Directory, "models", name);
            Directory.CreateDirectory(Path.Combine(folder, "data"));
            File.Copy(Repository.SampleData("train.csv"), Path.Combine(folder, "data", "train.csv"));
            File.WriteAllText(Path.Combine(folder, name + ".mlproj"), """
                <Project Sdk="MLOps.Build.Sdk">
                  <PropertyGroup><LabelColumn>churned</LabelColumn></PropertyGroup>
                  <ItemGroup><TrainingData Include="data/train.csv" /><ExcludeColumn Include="customer_id" /></ItemGroup>
                </Project>
                """);
        }
        File.WriteAllText(Path.Combine(repository.Directory, "Models.slnx"), """
            <Solution>
              <Project Path="models/Churn/Churn.mlproj" />
              <Project Path="models/Fraud/Fraud.mlproj" />
            </Solution>
            """);
        var built = repository.Dotnet("build", "models/Churn/Churn.mlproj");
        Assert.True(built.Succeeded, built.ToString());

        var status = MlopsTool.Run(repository.Directory, "status", "Models.slnx", "--json");

        Assert.True(status.ExitCode == 5, status.ToString());
        var models = Models(status);
        Assert.Equal(["Churn", "Fraud"], models.Select(m => m.GetProperty("model").GetString()));
        Assert.Equal("models/Fraud/Fraud.mlproj", models[1].GetProperty("project").GetString());
        Assert.Equal("current", models[0].GetProperty("status").GetString());
        Assert.Equal("stale", models[1].GetProperty("status").GetString());
        Assert.Equal(["it has not been built yet"], Reasons(models[1]));
        Assert.False(models[1].GetProperty("built").GetBoolean());
        Assert.False(models[1].TryGetProperty("verdict", out _));

        var table = MlopsTool.Run(repository.Directory, "status", "Models.slnx");
        Assert.Equal(5, table.ExitCode);
        Assert.Contains("never gated", table.StandardOutput);
        Assert.Contains("1 of 2 model(s) stale", table.StandardOutput);
    }

    [Fact]
    public void A_folder_without_model_projects_is_an_error()
    {
        using var empty = new ModelProject(copyData: false);
        var status = MlopsTool.Run(empty.Directory, "status");
        Assert.Equal(1, status.ExitCode);
        Assert.Contains("error MLOPS5015", status.Output);
    }

    [Fact]
    public void Status_says_when_the_baseline_package_moved_on_its_feed_since_the_model_was_gated()
    {
        var id = "Contoso.Models.Status" + Guid.NewGuid().ToString("N")[..8];
        var feed = Path.Combine(Path.GetTempPath(), "mlops-e2e-feeds", Guid.NewGuid().ToString("N")[..12]);
        void Publish(string version)
        {
            using var published = new ModelProject().WithChurnProject($"<PackageId>{id}</PackageId><Version>{version}</Version>");
            var result = published.Build("-t:PublishModel", $"-p:ModelPublishSource={feed}");
            Assert.True(result.Succeeded, result.Output);
        }
        Publish("1.0.0");
        using var candidate = new ModelProject().WithChurnProject(
            $"<BaselinePackageId>{id}</BaselinePackageId><BaselineSource>{feed}</BaselineSource>", """<ModelGate Include="auc" MaxDecrease="0.05" />""");
        var gated = candidate.Build();
        Assert.True(gated.Succeeded, gated.Output);

        var current = MlopsTool.Run(candidate.Directory, "status", "--json");
        Assert.True(current.ExitCode == 0, current.ToString());
        var baseline = Assert.Single(Models(current)).GetProperty("baseline");
        Assert.Equal(id, baseline.GetProperty("packageId").GetString());
        Assert.Equal("1.0.0", baseline.GetProperty("gated").GetString());
        Assert.Equal("1.0.0", baseline.GetProperty("latest").GetString());
        Assert.False(baseline.GetProperty("moved").GetBoolean());

        Publish("1.1.0");
        var moved = MlopsTool.Run(candidate.Directory, "status");
        Assert.True(moved.ExitCode == 5, moved.ToString());
        Assert.Contains("baseline moved: 1.0.0 → 1.1.0, rebuild to gate against it", moved.StandardOutput);
        Assert.Contains($"{id} 1.0.0 → 1.1.0 (moved)", moved.StandardOutput);
    }
}
