using System.Globalization;
using System.Text;
using MLOps.Engine.Diagnostics;
using MLOps.Engine.Gates;

namespace MLOps.Engine.Reports;

/// <summary>Where the reader finds more: the CI run that holds the HTML report as an artifact.</summary>
public sealed record ReportLinks(string? RunUrl);

/// <summary>
/// The Markdown a pull request shows for one model (check-run summary, sticky comment section, job summary): the
/// verdict, the gate table, slices, fairness, drift, metrics as Unicode bars, and the build's diagnostics. No images:
/// everything renders where GitHub renders Markdown.
/// </summary>
public static class PullRequestSummary
{
    /// <summary>Diagnostics listed in the summary; the rest are counted (every one is an annotation).</summary>
    public const int ListedDiagnostics = 10;

    /// <summary>The headline: verdict and model, e.g. <c>❌ Churn: gates failed</c>.</summary>
    public static string Title(BuildOutputs outputs)
    {
        using var invariant = InvariantCultureScope.Enter();
        return outputs.Verdict switch
        {
            BuildVerdict.Failed when outputs.BuildFailed => $"❌ {outputs.Model}: the build failed before gating",
            BuildVerdict.Failed => $"❌ {outputs.Model}: {Count(outputs.Gate!, GateOutcome.Failed)} of {outputs.Gate!.Gates.Count} gates failed",
            BuildVerdict.Inconclusive => $"⚪ {outputs.Model}: gates inconclusive",
            _ when outputs.Gate is { Gates.Count: > 0 } gate => $"✅ {outputs.Model}: {Count(gate, GateOutcome.Passed)} of {gate.Gates.Count} gates passed",
            _ => $"✅ {outputs.Model}: built, no gates",
        };
    }

    /// <summary>The whole summary, at most <paramref name="maxLength"/> characters (trimmed with a visible note).</summary>
    public static string Render(BuildOutputs outputs, ReportLinks links, int maxLength = int.MaxValue)
    {
        using var invariant = InvariantCultureScope.Enter();
        var text = new StringBuilder();
        text.AppendLine($"### {Title(outputs)}").AppendLine();
        if (outputs.BuildFailed)
            text.AppendLine("The build stopped with errors before the gates ran; any gate result below is from an earlier build.").AppendLine();
        if (outputs.Gate is { } gate) AppendGates(text, gate);
        if (outputs.Validation is { } validation) AppendDrift(text, validation);
        if (outputs.Metrics is { } metrics) AppendMetrics(text, metrics);
        if (outputs.Diagnostics is { } diagnostics) AppendDiagnostics(text, diagnostics);
        if (outputs.Lineage is { Git: { Commit: { } commit } git } lineage) // a hand-edited lineage may lack the commit
            text.AppendLine($"Built from commit `{commit[..Math.Min(12, commit.Length)]}`{(git.Dirty ? " (with uncommitted changes)" : "")}, engine {lineage.EngineVersion}.").AppendLine();
        if (links.RunUrl is { } run)
            text.AppendLine($"The full HTML report{(outputs.HtmlReportPath is null ? "" : $" (`{Path.GetFileName(outputs.HtmlReportPath)}`)")} is in the [workflow run's artifacts]({run}).").AppendLine();
        return MarkdownLimit.Fit(text.ToString(), maxLength);
    }

    private static void AppendGates(StringBuilder text, GateResult gate)
    {
        if (gate.Override is { } o) text.AppendLine($"> Failed gates overridden by **{o.By}** at {o.At}: {o.Reason}").AppendLine();
        if (gate.Gates.Count == 0) return;
        text.AppendLine($"Baseline: {(gate.BaselineModel is null ? "none" : $"`{gate.BaselineModel}`")}; p-values adjusted by {gate.Correction}.").AppendLine();
        GateTable(text, gate.Gates.Where(g => g.Slice is null && g.Rule != "fairness").ToArray(), slices: false);
        if (gate.Gates.Where(g => g.Slice is not null && g.Rule != "fairness").ToArray() is { Length: > 0 } slices)
        {
            text.AppendLine("#### Slices").AppendLine();
            GateTable(text, slices, slices: true);
        }
        if (gate.Gates.Where(g => g.Rule == "fairness").ToArray() is { Length: > 0 } fairness)
        {
            text.AppendLine("#### Fairness").AppendLine();
            text.AppendLine("| gate | gap | verdict |").AppendLine("| --- | ---: | --- |");
            foreach (var g in fairness) text.AppendLine($"| `{g.Gate}`{(g.Slice is null ? "" : $" on `{g.Slice}`")} | {F(g.Candidate)} | {Mark(g.Outcome)} {g.Outcome.ToString().ToLowerInvariant()} |");
            text.AppendLine();
        }
        foreach (var g in gate.Gates.Where(g => g.Outcome == GateOutcome.Failed))
            text.AppendLine($"- {(g.Slice is null || g.Explanation.Contains(g.Slice, StringComparison.Ordinal) ? "" : $"`{g.Slice}`: ")}{g.Explanation}");
        if (gate.Gates.Any(g => g.Outcome == GateOutcome.Failed)) text.AppendLine();
    }

    private static void GateTable(StringBuilder text, IReadOnlyList<GateVerdict> gates, bool slices)
    {
        if (gates.Count == 0) return;
        text.AppendLine($"| {(slices ? "slice | " : "")}metric | rule | candidate | baseline | difference | bound | margin | p (adjusted) | verdict |");
        text.AppendLine($"| {(slices ? "--- | " : "")}--- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        foreach (var g in gates)
            text.AppendLine($"| {(slices ? $"`{g.Slice}` ({g.Rows} rows) | " : "")}{g.Metric} | {g.Rule} | {F(g.Candidate)} | {F(g.Baseline)} | {Signed(g.Difference)} | {Signed(g.Bound)} | {F(g.MaxDecrease)} | {P(g.AdjustedPValue)} | {Mark(g.Outcome)} {g.Outcome.ToString().ToLowerInvariant()} |");
        text.AppendLine();
    }

    private static void AppendDrift(StringBuilder text, ValidationReport validation)
    {
        var columns = validation.Drift.SelectMany(d => d.Columns.Select(c => (d.Current, Column: c))).ToArray();
        if (columns.Length == 0 && validation.BrokenRules == 0) return;
        text.AppendLine("#### Data").AppendLine();
        text.AppendLine($"{validation.BrokenRules} contract rule{(validation.BrokenRules == 1 ? "" : "s")} broken; {columns.Count(c => c.Column.Drifted)} of {columns.Length} column comparisons drifted.").AppendLine();
        var drifted = columns.Where(c => c.Column.Drifted).ToArray();
        if (drifted.Length == 0) return;
        text.AppendLine("| data | column | test | p (adjusted) | effect | |").AppendLine("| --- | --- | --- | ---: | ---: | --- |");
        foreach (var (current, c) in drifted)
            text.AppendLine($"| {current} | `{c.Column}` | {c.Test} | {P(c.AdjustedPValue)} | {c.EffectName} {F(c.Effect)} (≥ {F(c.EffectThreshold)}) | `{Bar(c.EffectThreshold > 0 ? Math.Min(1, c.Effect / (2 * c.EffectThreshold)) : 0)}` |");
        text.AppendLine();
    }

    private static void AppendMetrics(StringBuilder text, MetricsFile metrics)
    {
        text.AppendLine($"<details><summary>Metrics on {metrics.Rows:N0} {(metrics.HeldOut ? "held-out" : "evaluation")} rows</summary>").AppendLine();
        text.AppendLine("| metric | value | |").AppendLine("| --- | ---: | --- |");
        foreach (var (name, value) in metrics.Metrics)
            text.AppendLine(value is { } v
                ? $"| {name} | {F(v)} | {(v is >= 0 and <= 1 ? $"`{Bar(v)}`" : "")} |"
                : $"| {name} | undefined: {metrics.Undefined?.GetValueOrDefault(name) ?? "no value"} | |");
        text.AppendLine().AppendLine("</details>").AppendLine();
    }

    private static void AppendDiagnostics(StringBuilder text, BuildDiagnostics diagnostics)
    {
        var all = diagnostics.All.Where(d => d.Severity != Severity.Info).ToArray();
        if (all.Length == 0) return;
        var errors = all.Count(d => d.Severity == Severity.Error);
        text.AppendLine($"#### Build diagnostics: {errors} error{(errors == 1 ? "" : "s")}, {all.Length - errors} warning{(all.Length - errors == 1 ? "" : "s")}").AppendLine();
        foreach (var d in all.Take(ListedDiagnostics))
            text.AppendLine($"- `{d.File}{(d.Line > 0 ? $"({d.Line}{(d.Column > 0 ? $",{d.Column}" : "")})" : "")}` {d.Severity.ToString().ToLowerInvariant()} **{d.Code}**: {OneLine(d.Message)}");
        if (all.Length > ListedDiagnostics) text.AppendLine($"- … and {all.Length - ListedDiagnostics} more.");
        text.AppendLine();
    }

    /// <summary>A bar of eighth-blocks, ten cells wide, for a value in [0, 1].</summary>
    public static string Bar(double fraction)
    {
        const string Eighths = " ▏▎▍▌▋▊▉";
        var eighths = (int)Math.Round(Math.Clamp(fraction, 0, 1) * 80);
        var bar = new string('█', eighths / 8) + (eighths % 8 > 0 ? Eighths[eighths % 8].ToString() : "");
        return bar.PadRight(10);
    }

    private static int Count(GateResult gate, GateOutcome outcome) => gate.Gates.Count(g => g.Outcome == outcome);
    private static string Mark(GateOutcome outcome) => outcome switch { GateOutcome.Passed => "✅", GateOutcome.Failed => "❌", _ => "⚪" };
    private static string OneLine(string message) => message.ReplaceLineEndings(" ");
    private static string F(double? v) => v is { } x && double.IsFinite(x) ? x.ToString("0.0000", CultureInfo.InvariantCulture) : "";
    private static string Signed(double? v) => v is { } x && double.IsFinite(x) ? x.ToString("+0.0000;-0.0000;0.0000", CultureInfo.InvariantCulture) : "";
    private static string P(double? p) => p is not { } x || !double.IsFinite(x) ? "" : x < 1e-4 ? x.ToString("0.0e+0", CultureInfo.InvariantCulture) : x.ToString("0.0000", CultureInfo.InvariantCulture);
}
