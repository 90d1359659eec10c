using System.Globalization;
using System.Text;
using MLOps.Engine.Diagnostics;
using MLOps.Engine.Gates;

namespace MLOps.Engine.Reports;

/// <summary>The verdict first, in words and a table a reviewer reads in ten seconds (also the body of a PR comment).</summary>
public static class GateSection
{
    public static void Append(StringBuilder text, GateResult result)
    {
        using var invariant = InvariantCultureScope.Enter();
        var headline = result.Gates.Count == 0 ? "No gates are defined."
            : result.Counts.Failed == 0 ? $"**Gates passed**: {result.Counts}."
            : result.Accepted ? $"**Gates failed but were overridden**: {result.Counts}."
            : $"**Gates failed**: {result.Counts}.";
        text.AppendLine("## Gates").AppendLine().AppendLine(headline).AppendLine();
        if (result.Override is { } o)
            text.AppendLine($"> Override by **{o.Who}** at {o.At}{(o.Gates is null ? "" : $", for {string.Join(", ", o.Gates.Select(g => $"`{g}`"))} only")}: {o.Reason}").AppendLine();
        if (result.Gates.Count == 0) return;
        text.AppendLine($"- candidate: {Identity(result.Candidate) ?? $"`{result.Model}`"}");
        text.AppendLine($"- baseline: {Identity(result.Baseline) ?? (result.BaselineModel is null ? "none" : $"`{result.BaselineModel}`")}");
        text.AppendLine($"- p-values adjusted by {result.Correction}").AppendLine();
        text.AppendLine("| | gate | candidate | baseline | difference | bound | p (adjusted) |").AppendLine("| --- | --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (var g in result.Gates)
        {
            var mark = g.Outcome switch { GateOutcome.Passed => "✅", GateOutcome.Failed when result.Override?.Covers(g) == true => "⚠️", GateOutcome.Failed => "❌", _ => "⚪" };
            var where = g.Slice is null ? "" : $" on `{g.Slice}` ({g.Rows} rows)";
            text.AppendLine($"| {mark} | {g.Rule} `{g.Gate}`{where} | {F(g.Candidate)} | {F(g.Baseline)} | {Signed(g.Difference)} | {BoundText(g)} | {PValueText(g)} |");
        }
        text.AppendLine();
        foreach (var g in result.Gates.Where(g => g.Outcome != GateOutcome.Passed))
            text.AppendLine($"- {g.Explanation}");
        text.AppendLine();
        if (SliceTable.Of(result) is { } slices) AppendSlices(text, slices);
    }

    private static string? Identity(ModelIdentity? model) =>
        model is null ? null : $"{model.Version ?? "no version"}, `{model.File}`, SHA-256 `{model.ShortSha256}`";

    /// <summary>Each gated metric per slice, candidate (baseline).</summary>
    private static void AppendSlices(StringBuilder text, SliceTable table)
    {
        text.AppendLine("### Slices").AppendLine().AppendLine("Each gated metric on all rows and per slice: candidate (baseline).").AppendLine();
        text.AppendLine($"| | slice | rows | {string.Join(" | ", table.Metrics)} |").AppendLine($"| --- | --- | ---: |{string.Concat(table.Metrics.Select(_ => " ---: |"))}");
        foreach (var row in table.Rows)
        {
            var mark = row.Outcome switch { GateOutcome.Passed => "✅", GateOutcome.Failed => "❌", _ => "⚪" };
            var cells = table.Metrics.Select(m => row.Values[m] is var (c, b) && b is { } bv ? $"{F(c)} ({F(bv)})" : F(c));
            text.AppendLine($"| {mark} | {(row.Slice is null ? "all rows" : $"`{row.Slice}`")} | {row.Rows} | {string.Join(" | ", cells)} |");
        }
        text.AppendLine();
    }

    /// <summary>The bound with the confidence it is drawn at (raised by the adjustment), e.g. <c>-0.2810 at 99.44%</c>.</summary>
    internal static string BoundText(GateVerdict g) =>
        g.Bound is null ? "" : $"{Signed(g.Bound)}{(g.BoundConfidence is { } level ? $" at {(level * 100).ToString("0.##", CultureInfo.InvariantCulture)}%" : "")}";

    /// <summary>The p-value and its adjusted value, e.g. <c>0.0310 (0.2790)</c>; empty for gates without a test.</summary>
    internal static string PValueText(GateVerdict g) => g.PValue is null ? "" : $"{P(g.PValue)} ({P(g.AdjustedPValue)})";

    private static string F(double? v) => v is { } x && !double.IsNaN(x) ? x.ToString("0.0000", CultureInfo.InvariantCulture) : "";
    private static string Signed(double? v) => v is { } x ? x.ToString("+0.0000;-0.0000;0.0000", CultureInfo.InvariantCulture) : "";
    private static string P(double? p) => p is not { } x ? "" : x < 1e-4 ? x.ToString("0.0e+0", CultureInfo.InvariantCulture) : x.ToString("0.0000", CultureInfo.InvariantCulture);
}
