using MLOps.Engine.Contracts;
using MLOps.Engine.Statistics;

namespace MLOps.Engine.Drift;

/// <summary>One column's drift between the training data and another data item.</summary>
public sealed record ColumnDrift(
    string Column, string Type, string Test, double Statistic, double PValue, double AdjustedPValue,
    string EffectName, double Effect, double EffectThreshold, double? Wasserstein, IReadOnlyList<string> NewValues, bool Drifted, string Method);

/// <summary>
/// Compares two data profiles column by column: Kolmogorov–Smirnov for numbers (PSI as effect size, Wasserstein
/// reported), chi-square for categories and booleans (Jensen–Shannon distance as effect size). p-values are
/// Holm-adjusted across the columns tested, and a column drifts only when its adjusted p-value is below alpha AND
/// its effect size reaches its threshold, so a million rows do not turn every tiny shift into an alarm.
/// </summary>
public static class DriftDetector
{
    /// <summary>Every column the two profiles share and can be tested, in contract order.</summary>
    public static IReadOnlyList<ColumnDrift> Compare(DataProfile reference, DataProfile current, DriftSettings settings, IEnumerable<string>? skip = null)
    {
        var skipped = (skip ?? []).ToHashSet(StringComparer.Ordinal);
        var tests = new List<(ColumnProfile Reference, ColumnProfile Current, TwoSampleTest Test, string EffectName, double Effect, double Threshold, double? Wasserstein, string[] NewValues)>();
        foreach (var (name, left) in reference.Columns)
        {
            if (skipped.Contains(name) || !current.Columns.TryGetValue(name, out var right)) continue;
            if (left.Numbers is { Length: > 0 } a && right.Numbers is { Length: > 0 } b)
            {
                var test = KolmogorovSmirnov.Test(a.Span, b.Span);
                tests.Add((left, right, test, "PSI", PopulationStability.Index(a.Span, b.Span), settings.PsiThreshold, Drift.Wasserstein.Distance(a.Span, b.Span), []));
            }
            else if (left.Counts is { Count: > 0 } leftCounts && right.Counts is { Count: > 0 } rightCounts)
            {
                var levels = leftCounts.Keys.Union(rightCounts.Keys).Order(StringComparer.Ordinal).ToArray();
                var x = levels.Select(l => leftCounts.GetValueOrDefault(l)).ToArray();
                var y = levels.Select(l => rightCounts.GetValueOrDefault(l)).ToArray();
                var (statistic, p, _) = ChiSquareHomogeneity.Test(x, y);
                var newValues = levels.Where(l => !leftCounts.ContainsKey(l)).ToArray();
                tests.Add((left, right, new TwoSampleTest(statistic, p, "chi-square"), "Jensen-Shannon", JensenShannon.Distance(x, y), settings.JensenShannonThreshold, null, newValues));
            }
        }
        var adjusted = MultipleTesting.Holm(tests.Select(t => t.Test.PValue).ToArray());
        return tests.Select((t, i) => new ColumnDrift(
            t.Reference.Name, t.Reference.Type, t.Test.Method == "chi-square" ? "chi-square" : "Kolmogorov-Smirnov", t.Test.Statistic, t.Test.PValue, adjusted[i],
            t.EffectName, t.Effect, t.Threshold, t.Wasserstein, t.NewValues,
            adjusted[i] < settings.Alpha && t.Effect >= t.Threshold,
            t.Test.Method + (t.Reference.SampledNumbers || t.Current.SampledNumbers ? $", on a sample of {ContractValidator.SampleCapacity:N0} rows" : ""))).ToArray();
    }
}
