using MLOps.Engine.Diagnostics;
using MLOps.Testing;
using Xunit;

namespace MLOps.GitHub.Tests;

/// <summary>Where and as whom to report, from the variables GitHub Actions sets and the event file it writes.</summary>
public sealed class GitHubSettingsTests
{
    private const string PullRequestHead = "0123456789abcdef0123456789abcdef01234567";
    private const string ForkHead = "9f1c2e3d4b5a69788796a5b4c3d2e1f0a9b8c7d6";
    private const string MergeCommit = "1111111111111111111111111111111111111111";

    private static string EventFile(string name) => Path.Combine(AppContext.BaseDirectory, "Events", name);

    private static Dictionary<string, string> Actions(string eventFile) => new()
    {
        ["GITHUB_TOKEN"] = "ghs_fromTheEnvironment",
        ["GITHUB_API_URL"] = "https://github.contoso.com/api/v3",
        ["GITHUB_REPOSITORY"] = "contoso/models",
        ["GITHUB_EVENT_PATH"] = eventFile,
        ["GITHUB_SHA"] = MergeCommit,
        ["GITHUB_STEP_SUMMARY"] = "/home/runner/work/_temp/_runner_file_commands/step_summary_1",
        ["GITHUB_RUN_ID"] = "42",
        ["GITHUB_SERVER_URL"] = "https://github.contoso.com",
    };

    [Fact]
    public void Every_setting_defaults_to_the_GitHub_Actions_variable_that_holds_it()
    {
        var diagnostics = new DiagnosticBag(int.MaxValue);

        var target = new GitHubSettings().Resolve(diagnostics, needsCommit: true, Actions(EventFile("pull_request.json")).GetValueOrDefault);

        Assert.Empty(diagnostics.Items);
        Assert.NotNull(target);
        Assert.Equal("ghs_fromTheEnvironment", target.Token);
        Assert.Equal(new Uri("https://github.contoso.com/api/v3/"), target.ApiAddress);
        Assert.Equal(("contoso", "models"), (target.Owner, target.Repository));
        Assert.Equal(PullRequestHead, target.Sha); // the pull request's head from the event, not the merge commit GITHUB_SHA
        Assert.Equal(7, target.PullRequest);
        Assert.Equal("/home/runner/work/_temp/_runner_file_commands/step_summary_1", target.StepSummaryPath);
        Assert.Equal("https://github.contoso.com/contoso/models/actions/runs/42", target.RunUrl);
    }

    [Fact]
    public void A_given_setting_wins_over_the_environment()
    {
        var environment = Actions(EventFile("pull_request.json"));
        environment["MY_TOKEN"] = "mine";

        var target = new GitHubSettings { TokenVariable = "MY_TOKEN", Repository = "fabrikam/churn", Sha = "abc", PullRequest = 9, ApiUrl = "https://api.github.com" }
            .Resolve(new DiagnosticBag(int.MaxValue), needsCommit: true, environment.GetValueOrDefault);

        Assert.NotNull(target);
        Assert.Equal(("mine", "fabrikam", "churn", "abc", 9), (target.Token, target.Owner, target.Repository, target.Sha, target.PullRequest));
        Assert.Equal(ApiAddress.GitHubCom, target.ApiAddress);
    }

    [Fact]
    public void Without_a_token_or_repository_each_is_a_coded_error_saying_what_to_set()
    {
        var diagnostics = new DiagnosticBag(int.MaxValue);

        var target = new GitHubSettings().Resolve(diagnostics, needsCommit: true, _ => null);

        Assert.Null(target);
        Assert.All(diagnostics.Items, d => Assert.Equal("MLOPS5006", d.Code));
        Assert.Contains(diagnostics.Items, d => d.Message.Contains("GITHUB_TOKEN", StringComparison.Ordinal));
        Assert.Contains(diagnostics.Items, d => d.Message.Contains("GITHUB_REPOSITORY", StringComparison.Ordinal));
        Assert.Contains(diagnostics.Items, d => d.Message.Contains("GITHUB_SHA", StringComparison.Ordinal));
    }

    [Fact]
    public void A_forks_workflow_run_event_gives_the_head_commit_and_asks_for_the_pull_request_number()
    {
        var target = new GitHubSettings().Resolve(new DiagnosticBag(int.MaxValue), needsCommit: true, Actions(EventFile("workflow_run.fork.json")).GetValueOrDefault);

        Assert.NotNull(target);
        Assert.Equal(ForkHead, target.Sha);
        Assert.Null(target.PullRequest); // GitHub leaves workflow_run.pull_requests empty for a fork
        Assert.True(target.PullRequestUnknown);
    }

    [Fact]
    public async Task A_forks_workflow_run_reports_on_the_pull_request_whose_head_it_built()
    {
        using var github = new LoopbackGitHub("ghs_fromTheEnvironment");
        github.PullRequestHeads[12] = ForkHead;
        var environment = Actions(EventFile("workflow_run.fork.json"));
        environment["GITHUB_API_URL"] = github.BaseUrl;
        environment.Remove("GITHUB_STEP_SUMMARY");
        var target = new GitHubSettings { PullRequest = 12 }.Resolve(new DiagnosticBag(int.MaxValue), needsCommit: true, environment.GetValueOrDefault)!;

        var outcome = await new GitHubReporter(target, new RetryPolicy { Wait = (_, _) => Task.CompletedTask }).ReportAsync([Models.Failing()]);

        Assert.Empty(outcome.Warnings);
        Assert.Equal(ForkHead, (string?)Assert.Single(github.CheckRuns)["head_sha"]);
        Assert.Single(github.Comments);
        Assert.Contains(github.Requests, r => r.StartsWith("POST /api/v3/repos/contoso/models/issues/12/comments", StringComparison.Ordinal));
    }

    [Fact]
    public void An_event_file_that_is_not_JSON_is_a_coded_error_naming_it()
    {
        var file = Path.Combine(Path.GetTempPath(), $"mlops-event-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, "{ not json");
        var diagnostics = new DiagnosticBag(int.MaxValue);
        try
        {
            Assert.Null(new GitHubSettings().Resolve(diagnostics, needsCommit: true, Actions(file).GetValueOrDefault));
        }
        finally
        {
            File.Delete(file);
        }
        var error = Assert.Single(diagnostics.Items);
        Assert.Equal("MLOPS5011", error.Code);
        Assert.Equal(file, error.File);
    }
}
