using System.Text.Json.Nodes;
using MLOps.Engine.Reports;
using MLOps.Testing;
using Xunit;

namespace MLOps.GitHub.Tests;

/// <summary>Reporting against a loopback server that plays GitHub's REST API as documented.</summary>
public sealed class ReporterTests : IDisposable
{
    private const string Token = "ghs_secretTOKEN0123456789";
    private const string Sha = "0123456789abcdef0123456789abcdef01234567";
    private readonly LoopbackGitHub _github = new(Token);
    private readonly List<TimeSpan> _waits = [];
    private readonly string _stepSummary = Path.Combine(Path.GetTempPath(), $"mlops-step-summary-{Guid.NewGuid():N}.md");

    private GitHubReporter Reporter(int? pullRequest = 7, string? apiUrl = null) => new(
        new GitHubTarget(Token, ApiAddress.For(apiUrl ?? _github.BaseUrl), "contoso", "models", Sha)
        {
            PullRequest = pullRequest,
            RunUrl = "https://github.com/contoso/models/actions/runs/42",
            StepSummaryPath = _stepSummary,
        },
        new RetryPolicy { Wait = (delay, _) => { lock (_waits) _waits.Add(delay); return Task.CompletedTask; }, Budget = TimeSpan.FromSeconds(30) });

    [Fact]
    public async Task A_failed_gate_gets_a_failing_check_run_with_its_summary_and_annotations_at_the_data_lines()
    {
        var outcome = await Reporter().ReportAsync([Models.Failing()]);

        Assert.Empty(outcome.Warnings);
        var run = Assert.Single(_github.CheckRuns);
        Assert.Equal("MLOps: Churn", (string?)run["name"]);
        Assert.Equal(Sha, (string?)run["head_sha"]);
        Assert.Equal("completed", (string?)run["status"]);
        Assert.Equal("failure", (string?)run["conclusion"]);
        var summary = (string)run["output"]!["summary"]!;
        Assert.Contains("| metric | rule | candidate | baseline | difference | bound | margin | p (adjusted) | verdict |", summary);
        Assert.Contains("| auc | non-inferiority | 0.5174 | 0.8291 | -0.3117 |", summary);
        Assert.Contains("#### Slices", summary);
        Assert.Contains("[workflow run's artifacts](https://github.com/contoso/models/actions/runs/42)", summary);
        var annotation = run["annotations"]!.AsArray()[0]!;
        Assert.Equal("data/train.csv", (string?)annotation["path"]);
        Assert.Equal(2, (int?)annotation["start_line"]);
        Assert.Equal(19, (int?)annotation["start_column"]);
        Assert.Equal("warning", (string?)annotation["annotation_level"]);
        Assert.Equal("MLOPS1030", (string?)annotation["title"]);
    }

    [Fact]
    public async Task Annotations_go_fifty_a_request_and_a_cap_says_how_many_were_left_out()
    {
        var outcome = await Reporter().ReportAsync([Models.Failing(diagnostics: 520)]);

        var run = Assert.Single(_github.CheckRuns);
        Assert.Equal(Annotations.Cap, run["annotations"]!.AsArray().Count);
        Assert.Equal(1, _github.Count("POST", "/check-runs"));
        Assert.Equal(Annotations.Cap / Annotations.PerRequest - 1, _github.Count("PATCH", "/check-runs/"));
        Assert.DoesNotContain(_github.Requests, r => r.EndsWith("-> 422"));
        Assert.Contains("20 diagnostics are not annotated", (string)run["output"]!["summary"]!);
        Assert.Contains(outcome.Warnings, w => w.Code == "MLOPS5008");
    }

    [Fact]
    public async Task Reporting_again_updates_the_same_check_run_and_comment_creates_nothing_and_sends_no_annotation_twice()
    {
        await Reporter().ReportAsync([Models.Failing()]);
        var requestsBefore = _github.Requests.Count;

        var outcome = await Reporter().ReportAsync([Models.Failing()]);

        Assert.Empty(outcome.Warnings);
        var run = Assert.Single(_github.CheckRuns);
        Assert.Equal(3, (int?)run["output"]!["annotations_count"]); // not sent again
        Assert.Contains(outcome.Messages, m => m.Contains("updated check run 'MLOps: Churn' (failure, 0 annotations sent)", StringComparison.Ordinal));
        Assert.Single(_github.Comments);
        Assert.DoesNotContain(_github.Requests.Skip(requestsBefore), r => r.StartsWith("POST", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Other_annotations_of_the_same_count_replace_the_run_so_none_is_stale()
    {
        await Reporter().ReportAsync([Models.Failing(firstLine: 2)]);

        var outcome = await Reporter().ReportAsync([Models.Failing(firstLine: 40)]);

        Assert.Empty(outcome.Warnings);
        Assert.Equal(2, _github.CheckRuns.Count);
        var newest = _github.CheckRuns.MaxBy(r => (long)r["id"]!)!; // the run GitHub shows for the name
        Assert.Equal([40, 41, 42], newest["annotations"]!.AsArray().Select(a => (int)a!["start_line"]!));
        Assert.NotEqual((string?)_github.CheckRuns[0]["external_id"], (string?)newest["external_id"]);

        await Reporter().ReportAsync([Models.Failing(firstLine: 40)]);
        Assert.Equal(2, _github.CheckRuns.Count); // the newest run already has them
        Assert.Equal(3, (int?)newest["output"]!["annotations_count"]);
    }

    [Fact]
    public async Task A_run_without_annotations_gets_them_by_an_update()
    {
        await Reporter().ReportAsync([Models.Passing("Churn")]);

        await Reporter().ReportAsync([Models.Failing()]);

        var run = Assert.Single(_github.CheckRuns);
        Assert.Equal("failure", (string?)run["conclusion"]);
        Assert.Equal(3, (int?)run["output"]!["annotations_count"]);
    }

    [Fact]
    public async Task A_check_run_created_despite_a_502_is_not_created_twice()
    {
        _github.FailNextAfterApplying("POST", "/check-runs", 502);

        var outcome = await Reporter().ReportAsync([Models.Failing()]);

        Assert.Empty(outcome.Warnings);
        Assert.Single(_github.CheckRuns);
        Assert.Equal(1, _github.Count("POST", "/check-runs"));
        Assert.Empty(_waits);
    }

    [Fact]
    public async Task A_check_run_not_created_for_a_502_is_created_once_it_was_looked_for()
    {
        _github.FailNext("POST", "/check-runs", 502);

        var outcome = await Reporter().ReportAsync([Models.Failing()]);

        Assert.Empty(outcome.Warnings);
        Assert.Single(_github.CheckRuns);
        Assert.Equal(2, _github.Count("POST", "/check-runs"));
    }

    [Fact]
    public async Task A_comment_posted_despite_a_502_is_not_posted_twice()
    {
        _github.FailNextAfterApplying("POST", "/issues/7/comments", 502);

        var outcome = await Reporter().ReportAsync([Models.Failing()]);

        Assert.Empty(outcome.Warnings);
        Assert.Single(_github.Comments);
        Assert.Equal(1, _github.Count("POST", "/issues/7/comments"));
    }

    [Fact]
    public async Task The_marker_comment_on_page_two_of_three_is_updated_in_place()
    {
        _github.PageSize = 2;
        _github.AddComment("LGTM");
        _github.AddComment("Why did auc drop?");
        var ours = _github.AddComment(PullRequestComment.WithSection(null, "Churn", "old verdict"));
        for (var i = 0; i < 3; i++) _github.AddComment($"comment {i}");

        await Reporter().ReportAsync([Models.Failing()]);

        Assert.Equal(6, _github.Comments.Count);
        Assert.Contains("❌ Churn", (string)ours["body"]!);
        Assert.DoesNotContain("old verdict", (string)ours["body"]!);
        Assert.Contains(_github.Requests, r => r.Contains("/issues/7/comments?", StringComparison.Ordinal) && r.Contains("page=3", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Each_model_has_its_own_section_and_a_duplicate_from_a_race_is_merged_and_deleted()
    {
        var oldest = _github.AddComment(PullRequestComment.WithSection(null, "Churn", "churn section"));
        _github.AddComment(PullRequestComment.WithSection(null, "Fraud", "fraud section"));

        await Reporter().ReportAsync([Models.Passing("Wine")]);

        var comment = Assert.Single(_github.Comments);
        Assert.Same(oldest, comment);
        var sections = PullRequestComment.Sections((string)comment["body"]!);
        Assert.Equal(["Churn", "Fraud", "Wine"], sections.Keys);
        Assert.Equal("churn section", sections["Churn"]);
    }

    [Fact]
    public async Task Two_jobs_reporting_at_once_leave_one_comment_with_both_models()
    {
        await Task.WhenAll(Reporter().ReportAsync([Models.Failing("Churn")]), Reporter().ReportAsync([Models.Passing("Wine")]));

        var comment = Assert.Single(_github.Comments);
        Assert.Equal(["Churn", "Wine"], PullRequestComment.Sections((string)comment["body"]!).Keys);
    }

    [Fact]
    public async Task Two_jobs_updating_an_existing_comment_at_once_both_keep_their_section()
    {
        _github.AddComment(PullRequestComment.WithSection(null, "Fraud", "fraud section"));
        _github.SimultaneousCommentReads = 2; // both read the same body before either writes

        await Task.WhenAll(Reporter().ReportAsync([Models.Failing("Churn")]), Reporter().ReportAsync([Models.Passing("Wine")]));

        var comment = Assert.Single(_github.Comments);
        Assert.Equal(["Churn", "Fraud", "Wine"], PullRequestComment.Sections((string)comment["body"]!).Keys.Order());
    }

    [Fact]
    public async Task Without_checks_write_the_verdict_goes_to_a_commit_status()
    {
        _github.ChecksForbidden = true;

        var outcome = await Reporter().ReportAsync([Models.Failing()]);

        var status = Assert.Single(_github.Statuses);
        Assert.Equal("mlops/Churn", (string?)status["context"]);
        Assert.Equal("failure", (string?)status["state"]);
        Assert.Equal(Sha, (string?)status["sha"]);
        Assert.Contains(outcome.Warnings, w => w.Code == "MLOPS5009");
        Assert.Empty(_github.CheckRuns);
    }

    [Fact]
    public async Task Inconclusive_gates_only_give_a_neutral_check_run()
    {
        await Reporter().ReportAsync([Models.Inconclusive("Churn")]);

        Assert.Equal("neutral", (string?)Assert.Single(_github.CheckRuns)["conclusion"]);
    }

    [Fact]
    public async Task A_403_with_Retry_After_that_outlasts_the_retries_is_a_rate_limit_not_a_missing_permission()
    {
        for (var i = 0; i < 5; i++)
            _github.FailNext("POST", "/check-runs", 403, "Retry-After", "1", "You have triggered an abuse detection mechanism.");

        var outcome = await Reporter().ReportAsync([Models.Failing()]);

        Assert.Contains(outcome.Warnings, w => w.Code == "MLOPS5005");
        Assert.DoesNotContain(outcome.Warnings, w => w.Code is "MLOPS5002" or "MLOPS5009"); // no status fallback, no "lacks permission"
        Assert.Empty(_github.Statuses);
    }

    [Fact]
    public async Task A_422_says_what_to_do()
    {
        _github.FailNext("POST", "/check-runs", 422, message: "Validation Failed: output.summary is too long");

        var outcome = await Reporter().ReportAsync([Models.Failing()]);

        var warning = Assert.Single(outcome.Warnings, w => w.Code == "MLOPS5004");
        Assert.Contains("output.summary is too long", warning.Message);
        Assert.Contains("report it as a bug", warning.Message);
    }

    [Fact]
    public async Task A_secondary_rate_limit_is_waited_out_as_Retry_After_says()
    {
        _github.FailNext("GET", "/check-runs", 403, "Retry-After", "7");

        var outcome = await Reporter().ReportAsync([Models.Failing()]);

        Assert.Empty(outcome.Warnings);
        Assert.Equal([TimeSpan.FromSeconds(7)], _waits);
        Assert.Single(_github.CheckRuns);
    }

    [Fact]
    public async Task A_rate_limit_waits_until_x_ratelimit_reset()
    {
        var reset = DateTimeOffset.UtcNow.AddSeconds(20).ToUnixTimeSeconds();
        _github.FailNext("GET", "/check-runs", 429, "x-ratelimit-reset", reset.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var outcome = await Reporter().ReportAsync([Models.Failing()]);

        Assert.Empty(outcome.Warnings);
        Assert.InRange(Assert.Single(_waits), TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(22));
    }

    [Fact]
    public async Task A_502_is_retried_with_backoff()
    {
        _github.FailNext("GET", "/check-runs", 502);

        var outcome = await Reporter().ReportAsync([Models.Failing()]);

        Assert.Empty(outcome.Warnings);
        Assert.Equal([TimeSpan.FromSeconds(1)], _waits);
        Assert.Single(_github.CheckRuns);
    }

    [Fact]
    public async Task Retries_stop_at_the_budget_and_become_a_warning()
    {
        for (var i = 0; i < 10; i++) _github.FailNext("GET", "/check-runs", 503);

        var outcome = await Reporter().ReportAsync([Models.Failing()]);

        var warning = Assert.Single(outcome.Warnings, w => w.Code == "MLOPS5005");
        Assert.Contains("503", warning.Message);
        Assert.Equal(4, _waits.Count); // five attempts
    }

    [Fact]
    public async Task Retries_stop_at_the_reports_total_budget_and_then_GitHub_is_not_called_again()
    {
        for (var i = 0; i < 100; i++) _github.FailNext("GET", "/check-runs", 503);
        var waited = TimeSpan.Zero;
        var start = DateTimeOffset.UtcNow;
        var reporter = new GitHubReporter(new GitHubTarget(Token, ApiAddress.For(_github.BaseUrl), "contoso", "models", Sha) { StepSummaryPath = _stepSummary }, new RetryPolicy
        {
            Wait = (delay, _) => { waited += delay; return Task.CompletedTask; },
            Now = () => start + waited, // the clock moves only by waiting
            Budget = TimeSpan.FromSeconds(5),
            TotalBudget = TimeSpan.FromSeconds(20),
        });

        var outcome = await reporter.ReportAsync(Enumerable.Range(1, 10).Select(i => Models.Failing($"Model{i}")).ToArray());

        Assert.True(waited <= TimeSpan.FromSeconds(20), $"waited {waited}");
        Assert.Single(outcome.Warnings, w => w.Code == "MLOPS5005" && w.Message.Contains("in all"));
        var requests = _github.Requests.Count;
        Assert.True(requests < 10 * 4, $"{requests} requests"); // not every model's retries
        var summary = File.ReadAllText(_stepSummary); // the job summary is a file on the runner: written for every model all the same
        Assert.All(Enumerable.Range(1, 10), i => Assert.Contains($"Model{i}", summary));
    }

    [Fact]
    public async Task A_refused_token_is_a_warning_that_says_what_to_fix_and_the_token_appears_nowhere()
    {
        _github.FailNext("GET", "/check-runs", 401);

        var outcome = await Reporter().ReportAsync([Models.Failing()]);

        var warning = Assert.Single(outcome.Warnings);
        Assert.Equal("MLOPS5001", warning.Code);
        Assert.Contains("secrets.GITHUB_TOKEN", warning.Message);
        var everything = string.Join("\n", outcome.Messages.Concat(outcome.Warnings.Select(w => w.ToString()))) + File.ReadAllText(_stepSummary)
            + string.Join("\n", _github.Comments.Select(c => c.ToJsonString()));
        Assert.DoesNotContain(Token, everything);
        // Only the Authorization header carries it.
        Assert.DoesNotContain(Token, _github.Received.ToString().Replace($"Authorization: Token {Token}", "").Replace($"Authorization: token {Token}", "").Replace($"Authorization: Bearer {Token}", ""));
    }

    [Fact]
    public async Task A_missing_repository_is_a_404_warning_naming_it()
    {
        var reporter = new GitHubReporter(new GitHubTarget(Token, ApiAddress.For(_github.BaseUrl), "contoso", "nope", Sha), new RetryPolicy { Wait = (_, _) => Task.CompletedTask });

        var outcome = await reporter.ReportAsync([Models.Failing()]);

        Assert.Contains(outcome.Warnings, w => w.Code == "MLOPS5003" && w.Message.Contains("contoso/nope"));
    }

    [Fact]
    public async Task The_enterprise_api_v3_address_is_not_doubled()
    {
        await Reporter(apiUrl: _github.BaseUrl + "/api/v3").ReportAsync([Models.Failing()]);

        Assert.Single(_github.CheckRuns);
        Assert.DoesNotContain(_github.Requests, r => r.Contains("/api/v3/api/v3", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_job_summary_gets_the_same_markdown_appended()
    {
        File.WriteAllText(_stepSummary, "# Earlier step\n");

        await Reporter(pullRequest: null).ReportAsync([Models.Failing()]);

        var text = File.ReadAllText(_stepSummary);
        Assert.StartsWith("# Earlier step\n", text);
        Assert.Contains("### ❌ Churn: 1 of 3 gates failed", text);
        Assert.Empty(_github.Comments); // no pull request: no comment
    }

    [Fact]
    public async Task An_unwritable_job_summary_is_a_warning_and_the_rest_is_reported()
    {
        var reporter = new GitHubReporter(new GitHubTarget(Token, ApiAddress.For(_github.BaseUrl), "contoso", "models", Sha)
        {
            PullRequest = 7,
            StepSummaryPath = Path.GetTempPath(), // a folder: appending to it throws
        }, new RetryPolicy { Wait = (_, _) => Task.CompletedTask });

        var outcome = await reporter.ReportAsync([Models.Failing()]);

        var warning = Assert.Single(outcome.Warnings);
        Assert.Equal("MLOPS5012", warning.Code);
        Assert.Contains("job summary", warning.Message);
        Assert.Single(_github.CheckRuns);
        Assert.Single(_github.Comments);
    }

    [Fact]
    public async Task A_lineage_without_its_commit_is_still_reported()
    {
        var lineage = System.Text.Json.JsonSerializer.Deserialize<Engine.Packages.Lineage>("""
            {"format":"mlops-lineage","model":"Churn","packageId":"Churn","version":"1.0.0","task":"BinaryClassification","trainer":"LogisticRegression",
             "parameters":{},"seed":1,"engineVersion":"1.0.0","fingerprint":"f","inputs":[],"outputs":[],"git":{"dirty":false}}
            """, new System.Text.Json.JsonSerializerOptions { PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.CamelCase });

        var outcome = await Reporter().ReportAsync([Models.Failing() with { Lineage = lineage }]);

        Assert.Empty(outcome.Warnings);
        Assert.Single(_github.Comments);
    }

    [Fact]
    public async Task A_pull_request_number_from_an_artifact_gets_the_comment_only_when_its_head_is_the_runs_commit()
    {
        _github.PullRequestHeads[7] = Sha;
        _github.PullRequestHeads[8] = "fedcba9876543210fedcba9876543210fedcba98";
        GitHubReporter ForPullRequest(int number) => new(new GitHubTarget(Token, ApiAddress.For(_github.BaseUrl), "contoso", "models", Sha)
        {
            PullRequest = number,
            PullRequestHeadToVerify = Sha,
        }, new RetryPolicy { Wait = (_, _) => Task.CompletedTask });

        var own = await ForPullRequest(7).ReportAsync([Models.Failing()]);
        var other = await ForPullRequest(8).ReportAsync([Models.Failing()]);

        Assert.Empty(own.Warnings);
        var warning = Assert.Single(other.Warnings);
        Assert.Equal("MLOPS5014", warning.Code);
        Assert.Contains("fedcba98", warning.Message);
        Assert.DoesNotContain(_github.Requests, r => r.Contains("/issues/8/", StringComparison.Ordinal));
        Assert.Single(_github.Comments);
        Assert.Single(_github.CheckRuns); // the verdict still reaches the commit
    }

    [Fact]
    public async Task A_forks_workflow_run_names_no_pull_request_and_reporting_says_so()
    {
        var eventFile = Path.Combine(Path.GetTempPath(), $"mlops-event-{Guid.NewGuid():N}.json");
        File.WriteAllText(eventFile, $$$"""{"workflow_run":{"event":"pull_request","head_sha":"{{{Sha}}}","pull_requests":[]}}""");
        var actionsEvent = ActionsEvent.Read(eventFile);
        File.Delete(eventFile);

        var outcome = await new GitHubReporter(new GitHubTarget(Token, ApiAddress.For(_github.BaseUrl), "contoso", "models", actionsEvent.HeadSha!)
        {
            PullRequestUnknown = actionsEvent.IsPullRequestRun && actionsEvent.PullRequest is null,
        }, new RetryPolicy { Wait = (_, _) => Task.CompletedTask }).ReportAsync([Models.Failing()]);

        Assert.True(actionsEvent.IsPullRequestRun);
        Assert.Null(actionsEvent.PullRequest);
        Assert.Equal("MLOPS5013", Assert.Single(outcome.Warnings).Code);
        Assert.Empty(_github.Comments);
    }

    public void Dispose()
    {
        _github.Dispose();
        File.Delete(_stepSummary);
    }
}
