using MLOps.Engine.Diagnostics;
using MLOps.Engine.Gates;
using MLOps.Engine.Reports;
using Xunit;

namespace MLOps.Engine.Tests;

/// <summary>The Markdown a pull request shows: verdicts, limits, and the sticky comment's sections.</summary>
public class PullRequestSummaryTests
{
    private static GateVerdict Gate(GateOutcome outcome, string? slice = null) => new()
    {
        Gate = "auc MaxDecrease=0.005", Metric = "auc", Rule = "non-inferiority", Candidate = 0.8, Baseline = 0.81, Difference = -0.01,
        Bound = -0.02, MaxDecrease = 0.005, AdjustedPValue = 0.2, Outcome = outcome, Explanation = "auc: why.", Slice = slice, Rows = slice is null ? null : 50,
    };

    private static BuildOutputs Outputs(params GateVerdict[] gates) =>
        new("Churn", new GateResult("Churn", !gates.Any(g => g.Outcome == GateOutcome.Failed), "Holm", "production/Churn.model.json", gates, null, "f"), null, null, null, null, null);

    [Fact]
    public void The_verdict_is_failed_for_a_failed_gate_inconclusive_only_when_no_gate_decided_and_failed_when_the_build_stopped()
    {
        Assert.Equal(BuildVerdict.Failed, Outputs(Gate(GateOutcome.Passed), Gate(GateOutcome.Failed)).Verdict);
        Assert.Equal(BuildVerdict.Inconclusive, Outputs(Gate(GateOutcome.Inconclusive), Gate(GateOutcome.Skipped)).Verdict);
        Assert.Equal(BuildVerdict.Passed, Outputs(Gate(GateOutcome.Passed), Gate(GateOutcome.Inconclusive)).Verdict);
        var stopped = Outputs(Gate(GateOutcome.Passed)) with
        {
            Diagnostics = new BuildDiagnostics("Churn", "/r", [new StepDiagnostics(BuildStep.Validate, [new RecordedDiagnostic("MLOPS1010", Severity.Error, "data/train.csv", 2, 11, "3x4")])]),
        };
        Assert.Equal(BuildVerdict.Failed, stopped.Verdict);
        Assert.Contains("the build failed before gating", PullRequestSummary.Render(stopped, new ReportLinks(null)));
    }

    [Fact]
    public void A_summary_over_the_limit_is_trimmed_at_a_line_with_a_visible_note()
    {
        var outputs = Outputs(Enumerable.Range(0, 3000).Select(i => Gate(GateOutcome.Passed, $"region=r{i}")).ToArray());

        var summary = PullRequestSummary.Render(outputs, new ReportLinks(null), 65_535);

        Assert.InRange(summary.Length, 60_000, 65_535);
        Assert.Contains("> ✂️ Trimmed:", summary);
        Assert.EndsWith("artifacts.\n", summary);
    }

    [Fact]
    public void Bars_are_ten_cells_of_eighth_blocks()
    {
        Assert.Equal("█████     ", PullRequestSummary.Bar(0.5));
        Assert.Equal("██████████", PullRequestSummary.Bar(1));
        Assert.Equal("▏         ", PullRequestSummary.Bar(0.0125));
    }

    [Fact]
    public void Each_model_section_is_replaced_on_its_own_and_sections_survive_a_merge()
    {
        var body = PullRequestComment.WithSection(null, "Churn", "churn v1");
        body = PullRequestComment.WithSection(body, "Wine", "wine v1");
        body = PullRequestComment.WithSection(body, "Churn", "churn v2");

        Assert.True(PullRequestComment.IsOurs(body));
        Assert.Equal(new Dictionary<string, string> { ["Churn"] = "churn v2", ["Wine"] = "wine v1" }, PullRequestComment.Sections(body));
        var merged = PullRequestComment.Merge(PullRequestComment.WithSection(null, "Churn", "kept"), body.Replace("\n", "\r\n"));
        Assert.Equal(new Dictionary<string, string> { ["Churn"] = "kept", ["Wine"] = "wine v1" }, PullRequestComment.Sections(merged));
        Assert.False(PullRequestComment.IsOurs("LGTM"));
    }

    [Fact]
    public void A_comment_stays_within_GitHubs_limit_however_long_the_sections()
    {
        var body = PullRequestComment.WithSection(null, "A", new string('x', 40_000) + "\n");
        body = PullRequestComment.WithSection(body, "B", string.Concat(Enumerable.Repeat("line\n", 20_000)));

        Assert.InRange(body.Length, 1, PullRequestComment.MaxLength);
        Assert.Equal(["A", "B"], PullRequestComment.Sections(body).Keys);
    }

    [Fact]
    public void A_comment_stays_within_GitHubs_limit_with_long_model_names_and_more_models_than_room()
    {
        var longNames = Enumerable.Range(1, 40).Aggregate((string?)null, (body, i) => PullRequestComment.WithSection(body, $"Model{i}{new string('n', 200)}", new string('x', 5_000)));
        var many = Enumerable.Range(1, 700).Aggregate((string?)null, (body, i) => PullRequestComment.WithSection(body, $"M{i}", "section")); // under 100 characters each

        Assert.InRange(longNames!.Length, 1, PullRequestComment.MaxLength);
        Assert.Equal(700, PullRequestComment.Sections(many).Count); // sections trimmed to nothing, not a crash
        Assert.Equal("", MarkdownLimit.Fit("text", -5));
    }
}
