using Xunit;

namespace MLOps.Build.Tests;

/// <summary>
/// Every mlops command a user runs on a model scored through ML.NET (an ML.NET .zip with FeaturizeText, kept as it is):
/// the commands that read lineage, records and reports work; those that score rows through MLOps.Runtime (score, diff,
/// monitor) give a coded error naming MLOps.Runtime.MLNet, never a stack trace.
/// </summary>
public class MLNetScoredCliTests
{
    private const string Token = "ghs_e2eSECRETtoken42";

    [Fact]
    public void Status_history_pull_verify_and_github_report_work_and_score_diff_and_monitor_are_coded_errors_saying_what_to_do_instead()
    {
        // A fresh id per run: restored packages are cached by id and version.
        var id = "Contoso.Models.ChurnTextCli" + Guid.NewGuid().ToString("N")[..8];
        using var project = new ModelProject().WithChurnProject($"<PackageId>{id}</PackageId><Version>1.0.0</Version><ModelRuntime>MLNet</ModelRuntime>",
            $"""<PackageReference Include="MLOps.Build.MLNet" Version="{Repository.Version}" /><PretrainedModel Include="churn.zip" /><ModelGate Include="auc" Minimum="0.6" />""");
        PretrainedModelBuildTests.SaveTextModel(Path.Combine(project.Directory, "data", "train.csv"), Path.Combine(project.Directory, "churn.zip"));
        var feed = Path.Combine(project.Directory, "feed");
        var build = project.Build();
        Assert.True(build.Succeeded, build.Output);
        var pack = project.Dotnet("pack", project.ProjectPath, "-o", feed);
        Assert.True(pack.Succeeded, pack.Output);
        var package = Path.Combine(feed, $"{id}.1.0.0.nupkg");

        var status = MlopsTool.Run(project.Directory, "status");
        var history = MlopsTool.Run(project.Directory, "history", id, "--source", feed);
        var pulledTo = Path.Combine(project.Directory, "pulled");
        var pulled = MlopsTool.Run(project.Directory, "pull", id, "--source", feed, "-o", pulledTo);
        var verified = MlopsTool.Run(project.Directory, "verify", package);
        var score = MlopsTool.Run(project.Directory, "score", package, "data/test.csv", "-o", "predictions.csv");
        var scoreFile = MlopsTool.Run(project.Directory, "score", project.ModelPath, "data/test.csv");
        var diff = MlopsTool.Run(project.Directory, "diff", $"{id}@1.0.0", ".", "--source", feed);
        var monitor = MlopsTool.Run(project.Directory, "monitor", package, "data/test.csv", "-o", "monitor");

        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Contains("1 model(s) up to date.", status.StandardOutput);
        Assert.True(history.Succeeded, history.Output);
        Assert.Contains("first version", history.Output);
        Assert.True(pulled.Succeeded, pulled.ToString());
        Assert.Contains($"Pulled {id} 1.0.0 (verified", pulled.StandardOutput);
        Assert.True(File.Exists(Path.Combine(pulledTo, "models", "Churn.mlnet.zip")));
        Assert.True(verified.Succeeded, verified.Output);
        const string scoredByMLNet = "Model 'Churn' is an ML.NET model scored through ML.NET (Churn.mlnet.zip): ";
        Assert.Equal(1, score.ExitCode);
        Assert.Contains("error MLOPS5029: " + scoredByMLNet + "mlops score scores rows with MLOps.Runtime only (the tool does not carry Microsoft.ML). Score it in an app with MLNetModel.Load from the package MLOps.Runtime.MLNet", score.Output);
        Assert.False(File.Exists(Path.Combine(project.Directory, "predictions.csv")));
        Assert.Equal(1, scoreFile.ExitCode);
        Assert.Contains("error MLOPS5029: " + scoredByMLNet + "mlops score", scoreFile.Output);
        Assert.Equal(1, diff.ExitCode);
        Assert.True(diff.Output.Contains("error MLOPS5030: " + scoredByMLNet + "mlops diff scores the evaluation data with both models through MLOps.Runtime only", StringComparison.Ordinal), diff.Output);
        Assert.Equal(1, monitor.ExitCode);
        Assert.True(monitor.Output.Contains("error MLOPS5031: " + scoredByMLNet + "monitoring compares current data with the reference profile a build writes for a model MLOps.Runtime scores, and the build writes none for it.", StringComparison.Ordinal), monitor.Output);
        foreach (var result in new[] { status, history, pulled, verified, score, scoreFile, diff, monitor })
        {
            Assert.DoesNotContain("MLOPS9001", result.Output);
            Assert.DoesNotContain("   at ", result.Output);
        }

        using var github = new MLOps.Testing.LoopbackGitHub(Token);
        var eventFile = Path.Combine(project.Directory, "event.json");
        File.WriteAllText(eventFile, """{ "action": "synchronize", "pull_request": { "number": 7, "head": { "sha": "feedfacefeedfacefeedfacefeedfacefeedface" } } }""");
        var report = MlopsTool.Run(project.Directory, new Dictionary<string, string> { ["GITHUB_TOKEN"] = Token },
            "github", "report", project.ProjectPath, "--api-url", github.BaseUrl, "--repository", "contoso/models", "--event-path", eventFile,
            "--run-id", "42", "--server-url", "https://github.com", "--step-summary", Path.Combine(project.Directory, "step-summary.md"));

        Assert.True(report.ExitCode == 0, report.ToString());
        Assert.Contains("created check run 'MLOps: Churn' (success", report.Output);
        Assert.DoesNotContain(Token, report.Output);
    }
}
