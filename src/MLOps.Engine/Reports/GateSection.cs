using System.Globalization;
using System.Text;
using MLOps.Engine.Gates;

namespace MLOps.Engine.Reports;

/// <summary>The verdict first, in words and a table a reviewer reads in ten seconds (also the body of a PR comment).</summary>
public static class GateSection
{
    public static void Append(StringBuilder text, GateResult result)
    {
        var headline = result.Gates.Count == 0 ? "No gates are defined."
            : result.Counts.Failed == 0 ? $"**Gates passed**: {result.Counts}."
            : result.Accepted ? $"**Gates failed but were overridden**: {result.Counts}."
            : $"**Gates failed**: {result.Counts}.";
        text.AppendLine("## Gates").AppendLine().AppendLine(headline).AppendLine();
        if (result.Override is { } o)
            text.AppendLine($"> Override by **{o.Who}** at {o.At}{(o.Gates is null ? "" : $", for {string.Join(", ", o.Gates.Select(g => $"`{g}`"))} only")}: {o.Reason}").AppendLine();
        if (result.Gates.Count == 0) return;
        text.AppendLine($"Baseline: {(result.BaselineModel is null ? "none" : $"`{result.BaselineModel}`")}; p-values adjusted by {result.Correction}.").AppendLine();
        text.AppendLine("| | gate | candidate | baseline | difference | bound | p (adjusted) |").AppendLine("| --- | --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (var g in result.Gates)
        {
            var mark = g.Outcome switch { GateOutcome.Passed => "✅", GateOutcome.Failed when result.Override?.Covers(g) == true => "⚠️", GateOutcome.Failed => "❌", _ => "⚪" };
            var where = g.Slice is null ? "" : $" on `{g.Slice}` ({g.Rows} rows)";
            text.AppendLine($"| {mark} | {g.Rule} `{g.Gate}`{where} | {F(g.Candidate)} | {F(g.Baseline)} | {Signed(g.Difference)} | {Signed(g.Bound)} | {P(g.PValue)} ({P(g.AdjustedPValue)}) |");
        }
        text.AppendLine();
        foreach (var g in result.Gates.Where(g => g.Outcome != GateOutcome.Passed))
            text.AppendLine($"- {g.Explanation}");
        text.AppendLine();
    }

    private static string F(double? v) => v is { } x && !double.IsNaN(x) ? x.ToString("0.0000", CultureInfo.InvariantCulture) : "";
    private static string Signed(double? v) => v is { } x ? x.ToString("+0.0000;-0.0000;0.0000", CultureInfo.InvariantCulture) : "";
    private static string P(double? p) => p is not { } x ? "" : x < 1e-4 ? x.ToString("0.0e+0", CultureInfo.InvariantCulture) : x.ToString("0.0000", CultureInfo.InvariantCulture);
}
