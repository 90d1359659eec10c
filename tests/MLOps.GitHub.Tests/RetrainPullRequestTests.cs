using System.Text.Json.Nodes;
using MLOps.Testing;
using Xunit;

namespace MLOps.GitHub.Tests;

/// <summary><c>retrain-pr</c> against a loopback server that plays GitHub's pull-request API as documented.</summary>
public sealed class RetrainPullRequestTests : IDisposable
{
    private const string Token = "ghs_retrainSECRET0123456789";
    private readonly LoopbackGitHub _github = new(Token) { PageSize = 2 };

    private GitHubReporter Reporter(string run = "42") => new(
        new GitHubTarget(Token, ApiAddress.For(_github.BaseUrl), "contoso", "models", "") { RunUrl = $"https://github.com/contoso/models/actions/runs/{run}" },
        new RetryPolicy { Wait = (_, _) => Task.CompletedTask });

    private static RetrainRequest Request(string monitoring = "# Churn: drift\n| column | psi |\n| --- | --- |\n| tenure | 0.31 |", string gate = "# Churn\n1 of 1 gates passed") =>
        new("Churn", monitoring, gate);

    private JsonObject[] Open() => _github.PullRequests.Where(p => (string?)p["state"] == "open").ToArray();

    [Fact]
    public async Task The_first_run_opens_one_labelled_pull_request_from_the_retrain_branch_into_the_default_branch_with_both_reports()
    {
        _github.DefaultBranch = "trunk";

        var (outcome, pullRequest) = await Reporter().RetrainAsync(Request());

        Assert.True(outcome.Warnings.Count == 0, string.Join("\n", outcome.Warnings) + string.Join("\n", _github.Requests));
        var pull = Assert.Single(_github.PullRequests);
        Assert.Equal(new RetrainedPullRequest(1, "https://github.com/contoso/models/pull/1", RetrainAction.Created), pullRequest);
        Assert.Equal("MLOps: retrain Churn", (string?)pull["title"]);
        Assert.Equal("mlops/retrain-Churn", (string?)pull["head"]!["ref"]);
        Assert.Equal("trunk", (string?)pull["base"]!["ref"]);
        var body = (string)pull["body"]!;
        Assert.Contains("## Monitoring report\n\n# Churn: drift\n| column | psi |", body);
        Assert.Contains("## Gate report\n\n# Churn\n1 of 1 gates passed", body);
        Assert.Contains("[the workflow run](https://github.com/contoso/models/actions/runs/42)", body);
        Assert.Equal(["mlops-retrain"], pull["labels"]!.AsArray().Select(l => (string)l!["name"]!));
        Assert.Empty(_github.Comments);
        Assert.Contains(outcome.Messages, m => m == "created pull request #1 from mlops/retrain-Churn: https://github.com/contoso/models/pull/1");
    }

    [Fact]
    public async Task A_later_run_updates_the_open_pull_request_and_says_what_changed_instead_of_opening_another()
    {
        _github.AddComment("someone's review", issue: 1);
        _github.AddComment("another review", issue: 1); // the comments span pages (2 a page)
        await Reporter().RetrainAsync(Request());

        var (outcome, pullRequest) = await Reporter(run: "43").RetrainAsync(Request(gate: "# Churn\n0 of 1 gates passed"));

        Assert.Empty(outcome.Warnings);
        Assert.Equal(RetrainAction.Updated, pullRequest!.Action);
        var pull = Assert.Single(_github.PullRequests);
        Assert.Contains("0 of 1 gates passed", (string)pull["body"]!);
        Assert.Equal(1, _github.Count("POST", "/pulls"));
        var comment = Assert.Single(_github.Comments, c => ((string)c["body"]!).Contains("mlops:retrain-update", StringComparison.Ordinal));
        Assert.Contains("[A retraining run](https://github.com/contoso/models/actions/runs/43) updated this pull request's description: the gate report changed.", (string)comment["body"]!);
        Assert.Single(pull["labels"]!.AsArray());
    }

    [Fact]
    public async Task Running_the_same_run_again_changes_nothing()
    {
        await Reporter().RetrainAsync(Request());
        var before = _github.Requests.Count;

        var (outcome, pullRequest) = await Reporter().RetrainAsync(Request());

        Assert.Empty(outcome.Warnings);
        Assert.Equal(RetrainAction.Unchanged, pullRequest!.Action);
        Assert.DoesNotContain(_github.Requests.Skip(before), r => !r.StartsWith("GET ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_closed_pull_request_of_the_branch_is_left_alone_and_a_new_one_opened()
    {
        await Reporter().RetrainAsync(Request());
        _github.PullRequests[0]["state"] = "closed";

        var (_, pullRequest) = await Reporter(run: "43").RetrainAsync(Request());

        Assert.Equal(new RetrainedPullRequest(2, "https://github.com/contoso/models/pull/2", RetrainAction.Created), pullRequest);
        Assert.Equal(2, _github.PullRequests.Count);
        Assert.Single(Open());
        Assert.Empty(_github.Comments);
    }

    [Fact]
    public async Task A_pull_request_opened_despite_a_502_is_not_opened_twice()
    {
        _github.FailNextAfterApplying("POST", "/pulls", 502);

        var (outcome, pullRequest) = await Reporter().RetrainAsync(Request());

        Assert.Empty(outcome.Warnings);
        Assert.Equal(RetrainAction.Created, pullRequest!.Action);
        Assert.Single(_github.PullRequests);
        Assert.Equal(1, _github.Count("POST", "/pulls"));
        Assert.Single(_github.PullRequests[0]["labels"]!.AsArray());
    }

    [Fact]
    public async Task A_pull_request_not_opened_for_a_502_is_opened_once_it_was_looked_for()
    {
        _github.FailNext("POST", "/pulls", 502);

        var (outcome, _) = await Reporter().RetrainAsync(Request());

        Assert.Empty(outcome.Warnings);
        Assert.Single(_github.PullRequests);
        Assert.Equal(2, _github.Count("POST", "/pulls"));
    }

    [Fact]
    public async Task An_update_whose_description_failed_after_its_comment_comments_once_when_run_again()
    {
        await Reporter().RetrainAsync(Request());
        _github.FailNext("PATCH", "/pulls/1", 422, message: "Validation Failed");

        var (failed, none) = await Reporter(run: "43").RetrainAsync(Request(gate: "changed"));
        var (outcome, pullRequest) = await Reporter(run: "43").RetrainAsync(Request(gate: "changed"));

        Assert.Null(none);
        Assert.Contains(failed.Warnings, w => w.Code == "MLOPS5004");
        Assert.Empty(outcome.Warnings);
        Assert.Equal(RetrainAction.Updated, pullRequest!.Action);
        Assert.Single(_github.Comments);
        Assert.Contains("changed", (string)_github.PullRequests[0]["body"]!);
    }

    [Fact]
    public async Task Reports_longer_than_a_body_may_be_are_cut_at_a_line_with_a_link_to_the_run_and_an_open_code_fence_closed()
    {
        var monitoring = "```\n" + string.Concat(Enumerable.Range(0, 5000).Select(i => $"row {i:D5} drifted a little\n"));
        var gate = string.Concat(Enumerable.Range(0, 3000).Select(i => $"| gate {i} | passed |\n"));

        var (outcome, pullRequest) = await Reporter().RetrainAsync(Request(monitoring, gate));

        Assert.NotNull(pullRequest);
        Assert.Contains(outcome.Warnings, w => w.Code == "MLOPS6101");
        var body = (string)_github.PullRequests[0]["body"]!;
        Assert.InRange(body.Length, RetrainBody.MaxLength - 200, RetrainBody.MaxLength);
        Assert.Equal(2, body.Split("*Cut here: GitHub allows 65,536 characters in a pull request's body. The whole report is in [the workflow run's artifacts](https://github.com/contoso/models/actions/runs/42).*").Length - 1);
        Assert.Contains("drifted a little\n```\n\n*Cut here", body); // the fence is closed before the note
        Assert.Contains("| passed |\n\n*Cut here", body); // cut at a line's end
        Assert.Contains("<!-- mlops:retrain:end -->", body);
    }

    [Fact]
    public void A_short_report_keeps_its_room_and_the_long_one_gets_the_rest()
    {
        var (body, truncated) = RetrainBody.Render(Request("short monitoring", new string('x', 100) + "\n" + string.Concat(Enumerable.Repeat("gate line\n", 20_000))), null);

        Assert.True(truncated);
        Assert.Contains("short monitoring", body);
        Assert.Contains("The whole report is in the workflow run's artifacts.", body);
        Assert.InRange(body.Length, RetrainBody.MaxLength - 400, RetrainBody.MaxLength); // room kept for a second note it did not need
    }

    [Fact]
    public async Task A_token_without_pull_requests_write_is_a_coded_warning_naming_it_and_never_shows_the_token()
    {
        _github.FailNext("POST", "/pulls", 403, message: "GitHub Actions is not permitted to create or approve pull requests.");

        var (outcome, pullRequest) = await Reporter().RetrainAsync(Request());

        Assert.Null(pullRequest);
        var warning = Assert.Single(outcome.Warnings);
        Assert.Equal("MLOPS5002", warning.Code);
        Assert.Contains("pull-requests: write", warning.Message);
        Assert.Contains("GitHub Actions is not permitted to create or approve pull requests.", warning.Message);
        Assert.DoesNotContain(Token, string.Join("\n", outcome.Messages.Append(warning.Message)));
    }

    [Fact]
    public async Task A_next_page_on_another_origin_is_asked_for_without_the_token()
    {
        using var elsewhere = new LoopbackGitHub("another-token");
        _github.PageSize = 1;
        _github.LinkBaseUrl = elsewhere.BaseUrl;
        _github.PullRequests.Add(new JsonObject { ["number"] = 1, ["state"] = "open", ["head"] = new JsonObject { ["ref"] = "other", ["label"] = "contoso:mlops/retrain-Churn" } });
        _github.PullRequests.Add(new JsonObject { ["number"] = 2, ["state"] = "open", ["head"] = new JsonObject { ["ref"] = "other", ["label"] = "contoso:mlops/retrain-Churn" } });

        await Reporter().RetrainAsync(Request());

        Assert.Contains(elsewhere.Requests, r => r.StartsWith("GET /api/v3/repos/contoso/models/pulls?", StringComparison.Ordinal) && r.Contains("page=2", StringComparison.Ordinal));
        Assert.DoesNotContain(Token, elsewhere.Received.ToString());
    }

    [Theory]
    [InlineData("mlops/retrain-Churn", null)]
    [InlineData("mlops/retrain-My Model", "space")]
    [InlineData("mlops/retrain-a..b", "'..'")]
    [InlineData("mlops/retrain-x.lock", ".lock")]
    public void Branch_names_follow_git_rules(string branch, string? problem)
    {
        var found = RetrainRequest.BranchProblem(branch);
        if (problem is null) Assert.Null(found);
        else Assert.Contains(problem, found);
    }

    public void Dispose() => _github.Dispose();
}
