using MLOps.Engine.Gates;

namespace MLOps.Engine.Reports;

/// <summary>
/// The gated metrics per slice, all rows first: one row per slice with each metric's candidate and baseline values
/// and the slice's worst outcome, so a reviewer sees where the candidate is weak without reading every gate.
/// </summary>
public sealed record SliceTable(IReadOnlyList<string> Metrics, IReadOnlyList<SliceRow> Rows)
{
    /// <summary>The table of a gate result, or null when it has no slices.</summary>
    public static SliceTable? Of(GateResult result)
    {
        var gated = result.Gates.Where(g => g.Rule != "fairness").ToArray();
        if (!gated.Any(g => g.Slice is not null)) return null;
        var metrics = gated.Select(g => g.Metric).Distinct(StringComparer.Ordinal).ToArray();
        var rows = gated.GroupBy(g => g.Slice ?? "").OrderBy(g => g.Key.Length > 0).Select(slice => new SliceRow(
            slice.Key.Length == 0 ? null : slice.Key,
            slice.Max(g => g.Rows),
            metrics.ToDictionary(m => m, m => slice.Where(g => g.Metric == m).OrderBy(g => g.Baseline is null).FirstOrDefault() is { } g ? (g.Candidate, g.Baseline) : (double.NaN, null), StringComparer.Ordinal),
            Worst(slice.Select(g => g.Outcome)))).ToArray();
        return new SliceTable(metrics, rows);
    }

    private static GateOutcome Worst(IEnumerable<GateOutcome> outcomes)
    {
        var all = outcomes.ToHashSet();
        foreach (var outcome in new[] { GateOutcome.Failed, GateOutcome.Inconclusive, GateOutcome.Passed })
            if (all.Contains(outcome)) return outcome;
        return GateOutcome.Skipped;
    }
}

/// <summary>One slice (null: all rows): its rows, each gated metric's candidate and baseline values, its worst outcome.</summary>
public sealed record SliceRow(string? Slice, int? Rows, IReadOnlyDictionary<string, (double Candidate, double? Baseline)> Values, GateOutcome Outcome);
