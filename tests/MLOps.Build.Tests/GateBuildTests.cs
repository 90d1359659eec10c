using System.Text.Json;
using Xunit;

namespace MLOps.Build.Tests;

/// <summary>What CI and a release manager see when a model is gated against the one in production.</summary>
public class GateBuildTests
{
    private const string Gates = """
        <ModelGate Include="auc" MaxDecrease="0.005" Confidence="0.95" />
        <ModelGate Include="log_loss" MaxDecrease="0.01" />
        <ModelGate Include="accuracy" Minimum="0.6" />
        """;

    /// <summary>A project whose committed production model was trained on good data, now retrained on data whose labels were corrupted.</summary>
    private static ModelProject CandidateOnCorruptedLabels()
    {
        var project = new ModelProject().WithChurnProject();
        var good = project.Build();
        Assert.True(good.Succeeded, good.ToString());
        File.Copy(project.ModelPath, Path.Combine(project.Directory, "production.model.json"));

        var lines = File.ReadAllLines(project.DataPath("train.csv"));
        for (var i = 1; i < lines.Length; i += 2) // every other label flipped
            lines[i] = lines[i].EndsWith(",true") ? lines[i][..^5] + ",false" : lines[i][..^6] + ",true";
        File.WriteAllLines(project.DataPath("train.csv"), lines);
        project.WithChurnProject("<BaselineModelPath>production.model.json</BaselineModelPath>", Gates);
        return project;
    }

    [Fact]
    public void A_candidate_trained_on_corrupted_labels_fails_its_gate_and_keeps_failing_until_something_changes()
    {
        using var project = CandidateOnCorruptedLabels();

        var first = project.Build();
        var second = project.Build();

        Assert.False(first.Succeeded, first.Output);
        Assert.Contains($"{project.ProjectPath} : error MLOPS3101: Gate 'auc MaxDecrease=0.005' failed: auc non-inferiority: candidate 0.", first.Output);
        Assert.Contains("significantly more than 0.005 below the baseline's (MaxDecrease). DeLong z = ", first.Output);
        Assert.Contains("Holm-adjusted", first.Output);
        Assert.Contains("error MLOPS3101: Gate 'log_loss MaxDecrease=0.01' failed", first.Output);
        using var result = JsonDocument.Parse(File.ReadAllText(Path.Combine(project.OutputDirectory, "Churn.gate.json")));
        Assert.False(result.RootElement.GetProperty("passed").GetBoolean());
        Assert.Equal("production.model.json", result.RootElement.GetProperty("baselineModel").GetString());
        Assert.Contains("**Gates failed**", File.ReadAllText(project.ReportPath));

        Assert.False(second.Succeeded, second.Output);
        Assert.Contains("error MLOPS3101: Gate 'auc MaxDecrease=0.005' failed", second.Output);
        Assert.Contains("failed, 0 inconclusive, 0 skipped (recorded)", second.Output);
    }

    [Fact]
    public void A_release_manager_passes_a_failed_gate_on_purpose_and_the_override_is_recorded()
    {
        using var project = CandidateOnCorruptedLabels();

        // MSBuild splits -p values at commas and semicolons unless quoted, so the reason is quoted as a user would.
        project.Environment["GITHUB_ACTOR"] = "octocat"; // without GateOverrideBy, the CI's actor names who overrode
        var result = project.Build("-p:GateOverrideReason=\"Label fix ships next week, approved by the release board\"");

        Assert.True(result.Succeeded, result.Output);
        Assert.Contains("warning MLOPS3102: Gate 'auc MaxDecrease=0.005' failed and is overridden by octocat (GITHUB_ACTOR) (Label fix", result.Output);
        Assert.DoesNotContain("MLOPS3112", result.Output);
        using var gate = JsonDocument.Parse(File.ReadAllText(Path.Combine(project.OutputDirectory, "Churn.gate.json")));
        var recorded = gate.RootElement.GetProperty("override");
        Assert.Equal("Label fix ships next week, approved by the release board", recorded.GetProperty("reason").GetString());
        Assert.Equal("octocat (GITHUB_ACTOR)", recorded.GetProperty("by").GetString());
        Assert.True(DateTimeOffset.TryParse(recorded.GetProperty("at").GetString(), out _));
        Assert.Contains("Gates failed but were overridden", File.ReadAllText(project.ReportPath));
        var html = File.ReadAllText(Path.Combine(project.OutputDirectory, "Churn.report.html"));
        Assert.Contains("Gates failed, overridden", html);
        Assert.Contains("<svg", html);
        Assert.Contains("baseline AUC", html); // both models' ROC curves
    }

    [Fact]
    public void An_override_scoped_to_one_gate_passes_only_that_gate_and_records_who_or_says_nobody_is_known()
    {
        using var project = CandidateOnCorruptedLabels();

        var scoped = project.Build("-p:GateOverrideReason=\"AUC dip approved\"", "-p:GateOverrideGates=auc", "-p:GateOverrideBy=jane.doe");

        Assert.False(scoped.Succeeded, scoped.Output);
        Assert.Contains("warning MLOPS3102: Gate 'auc MaxDecrease=0.005' failed and is overridden by jane.doe (AUC dip approved)", scoped.Output);
        Assert.Contains("error MLOPS3101: Gate 'log_loss MaxDecrease=0.01' failed (GateOverrideGates names auc, not log_loss)", scoped.Output);
        using (var gate = JsonDocument.Parse(File.ReadAllText(Path.Combine(project.OutputDirectory, "Churn.gate.json"))))
        {
            var recorded = gate.RootElement.GetProperty("override");
            Assert.Equal("jane.doe", recorded.GetProperty("by").GetString());
            Assert.Equal(["auc"], recorded.GetProperty("gates").EnumerateArray().Select(g => g.GetString()));
            Assert.False(gate.RootElement.GetProperty("accepted").GetBoolean());
        }

        var misspelt = project.Build("-p:GateOverrideReason=\"AUC dip approved\"", "-p:GateOverrideGates=aucc");
        Assert.False(misspelt.Succeeded, misspelt.Output);
        Assert.Contains("error MLOPS3111: GateOverrideGates names 'aucc', which no ModelGate or FairnessGate of this model checks. Name gates by metric: auc, log_loss, accuracy.", misspelt.Output);

        foreach (var variable in new[] { "GITHUB_ACTOR", "BUILD_REQUESTEDFOR", "GITLAB_USER_LOGIN", "USER", "USERNAME" }) project.Environment[variable] = "";
        var anonymous = project.Build("-p:GateOverrideReason=\"Approved by the release board\"");
        Assert.True(anonymous.Succeeded, anonymous.Output);
        Assert.Contains("warning MLOPS3112: Failed gates are overridden (Approved by the release board) but nobody is named as doing so: set GateOverrideBy", anonymous.Output);
        Assert.Contains("overridden by nobody named", anonymous.Output);
        using (var gate = JsonDocument.Parse(File.ReadAllText(Path.Combine(project.OutputDirectory, "Churn.gate.json"))))
            Assert.False(gate.RootElement.GetProperty("override").TryGetProperty("by", out _));
    }

    [Fact]
    public void A_retrained_model_as_good_as_production_passes_and_the_first_model_skips_baseline_gates()
    {
        using var project = new ModelProject().WithChurnProject(extraItems: Gates);
        var first = project.Build();
        Assert.True(first.Succeeded, first.Output);
        Assert.Contains("warning MLOPS3105: Gate 'auc MaxDecrease=0.005' is skipped: no baseline model is set", first.Output);
        Assert.Contains("Churn: 1 of 3 gates passed, 0 failed, 0 inconclusive, 2 skipped (evaluated)", first.Output);
        using (var gate = JsonDocument.Parse(File.ReadAllText(Path.Combine(project.OutputDirectory, "Churn.gate.json"))))
            Assert.Equal(2, gate.RootElement.GetProperty("counts").GetProperty("skipped").GetInt32());

        File.Copy(project.ModelPath, Path.Combine(project.Directory, "production.model.json"));
        project.WithChurnProject("<BaselineModelPath>production.model.json</BaselineModelPath>", Gates);
        var second = project.Build();

        Assert.True(second.Succeeded, second.Output);
        Assert.Contains("Churn: 3 of 3 gates passed, 0 failed, 0 inconclusive, 0 skipped", second.Output);
        var baselineSha = Sha256(Path.Combine(project.Directory, "production.model.json"));
        Assert.Contains($"- baseline: no version, `production.model.json`, SHA-256 `{baselineSha}`", File.ReadAllText(project.ReportPath));
        Assert.Contains("**Gates passed**", File.ReadAllText(project.ReportPath));
    }

    /// <summary>The start of a file's SHA-256, as the reports show it.</summary>
    internal static string Sha256(string path) => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path))).ToLowerInvariant()[..12];

    [Fact]
    public void A_gate_on_an_unknown_metric_is_a_coded_error()
    {
        using var project = new ModelProject().WithChurnProject(extraItems: """<ModelGate Include="AUC" Minimum="0.8" />""");

        var result = project.Build();

        Assert.False(result.Succeeded);
        Assert.Contains("error MLOPS3103: ModelGate 'AUC' names no BinaryClassification metric", result.Output);
    }
}

/// <summary>Slices and fairness in a real build.</summary>
public class SliceAndFairnessBuildTests
{
    [Fact]
    public void Slices_and_fairness_are_gated_and_a_slice_too_small_to_judge_is_reported_inconclusive()
    {
        using var project = new ModelProject();
        File.Copy(Path.Combine(Repository.Root, "samples", "Churn", "churn.schema.json"), Path.Combine(project.Directory, "churn.schema.json"));
        project.WithChurnProject("<DataSchemaFile>churn.schema.json</DataSchemaFile><Version>1.2.0</Version>", extraItems: """
            <ModelGate Include="auc" Minimum="0.7" />
            <SliceColumn Include="region" MinimumRows="200" />
            <SliceColumn Include="senior" MinimumRows="1000" />
            <FairnessGate Include="gender" Metric="demographic_parity_ratio" Minimum="0.8" />
            """);

        var result = project.Build();

        Assert.True(result.Succeeded, result.Output);
        Assert.Contains("warning MLOPS3108: Gate 'auc Minimum=0.7' on slice 'senior=true' is inconclusive: slice senior=true has", result.Output);
        var report = File.ReadAllText(project.ReportPath);
        Assert.Contains("on `region=east`", report);
        Assert.Contains("demographic_parity_ratio of gender Minimum=0.8", report);
        // Both models named, the per-slice table and the drift of the evaluation data, in both reports.
        var sha = GateBuildTests.Sha256(project.ModelPath);
        Assert.Contains($"- candidate: 1.2.0, `Churn.model.json`, SHA-256 `{sha}`", report);
        Assert.Contains("- baseline: none", report);
        Assert.Contains("### Slices", report);
        Assert.Contains("| ✅ | all rows | 4000 | 0.", report);
        Assert.Contains("| ⚪ | `senior=true` |", report);
        Assert.Contains("## Drift: evaluation data against training data", report);
        var html = File.ReadAllText(Path.Combine(project.OutputDirectory, "Churn.report.html"));
        Assert.Contains($"Candidate: 1.2.0, <code>Churn.model.json</code>, SHA-256 <code>{sha}</code>", html);
        Assert.Contains("<h3>Slices: candidate (baseline)</h3>", html);
        Assert.Contains("<h2>Drift: evaluation data against training data</h2>", html);
        using var gate = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(project.OutputDirectory, "Churn.gate.json")));
        Assert.Contains(gate.RootElement.GetProperty("gates").EnumerateArray(), g => g.GetProperty("rule").GetString() == "fairness" && g.GetProperty("outcome").GetString() == "Passed");
    }
}
