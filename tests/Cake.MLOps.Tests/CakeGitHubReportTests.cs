using MLOps.Build.Tests;
using MLOps.Testing;
using Xunit;

namespace Cake.MLOps.Tests;

/// <summary>MLOpsGitHubReport in a real Cake script, against a loopback GitHub: what `mlops github report` does, from Cake.</summary>
public sealed class CakeGitHubReportTests
{
    private const string Token = "ghs_cakeSECRETtoken7";
    private const string HeadSha = "c0ffeec0ffeec0ffeec0ffeec0ffeec0ffeec0ff";

    private static string Script(LoopbackGitHub github, string settings) => $$"""
        {{CakeScript.Addin}}
        Task("Report").Does(ctx => {
            var built = ctx.MLOpsBuildModel("Churn.mlproj", new MLOpsBuildSettings { ThrowOnGateFailure = false });
            var report = ctx.MLOpsGitHubReport("Churn.mlproj", new MLOpsGitHubReportSettings
            {
                ApiUrl = "{{github.BaseUrl}}", Repository = "contoso/models", Sha = "{{HeadSha}}", PullRequest = 7, {{settings}}
            });
            Information($"REPORTED {report.Verdict} {string.Join(",", report.Verdicts.Keys)} warnings {report.Warnings.Count}");
        });
        RunTarget("Report");
        """;

    [Fact]
    public void A_failed_gate_is_reported_as_mlops_github_report_does_and_again_updates_and_creates_nothing()
    {
        using var github = new LoopbackGitHub(Token);
        using var project = CakeScript.Project().WithChurnProject(extraItems: """<ModelGate Include="auc" Minimum="0.99" />""");
        project.Environment["GITHUB_TOKEN"] = Token; // from the environment, as in Actions

        var first = CakeScript.Run(project, Script(github, "ThrowOnGateFailure = false"));

        Assert.True(first.Succeeded, first.ToString());
        Assert.Contains("REPORTED Failed Churn warnings 0", first.Output);
        Assert.Contains("created check run 'MLOps: Churn' (failure", first.Output);
        var run = Assert.Single(github.CheckRuns);
        Assert.Equal(HeadSha, (string?)run["head_sha"]);
        Assert.Contains(run["annotations"]!.AsArray(), a => (string?)a!["title"] == "MLOPS3101" && (string?)a["path"] == "Churn.mlproj");
        Assert.Contains("<!-- mlops:model:Churn -->", (string)Assert.Single(github.Comments)["body"]!);
        Assert.DoesNotContain(Token, first.Output);
        var afterFirst = github.Requests.Count;

        // By default a failed gate fails the script, as the build alias does; the report is written all the same.
        var second = CakeScript.Run(project, Script(github, ""));

        Assert.NotEqual(0, second.ExitCode);
        Assert.Contains("updated check run 'MLOps: Churn' (failure, 0 annotations sent)", second.Output);
        Assert.Contains("Churn: ", second.Output);
        Assert.DoesNotContain(github.Requests.Skip(afterFirst), r => r.StartsWith("POST", StringComparison.Ordinal));
        Assert.Single(github.Comments);
    }

    [Fact]
    public void A_refused_token_is_a_warning_in_Cakes_log_and_Strict_makes_it_fail()
    {
        using var github = new LoopbackGitHub(Token);
        using var project = CakeScript.Project().WithChurnProject();
        project.Environment["GITHUB_TOKEN"] = "ghs_wrong";

        var lenient = CakeScript.Run(project, Script(github, ""));
        var strict = CakeScript.Run(project, Script(github, "Strict = true"));

        Assert.True(lenient.Succeeded, lenient.ToString());
        Assert.Contains("warning MLOPS5001", lenient.Output);
        Assert.Contains("REPORTED Passed Churn warnings", lenient.Output);
        Assert.NotEqual(0, strict.ExitCode);
        Assert.Contains("Reporting to GitHub failed (Strict)", strict.Output);
        Assert.DoesNotContain("ghs_wrong", lenient.Output + strict.Output);
    }
}
