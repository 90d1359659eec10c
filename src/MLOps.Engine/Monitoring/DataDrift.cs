using MLOps.Engine.Drift;
using MLOps.Engine.Statistics;

namespace MLOps.Engine.Monitoring;

/// <summary>
/// Data and prediction drift of current data against the reference: per input its distribution (binned KS with PSI
/// as effect size for numbers, chi-square with Jensen–Shannon for categories) and, where either side has missing
/// values, its missing rate (chi-square on present/missing); the model's predictions like a number column. All
/// p-values form one family, Holm-adjusted, so the chance of any false alarm on unchanged data stays at alpha; a
/// check drifts only when its adjusted p-value is below alpha and its effect reaches the threshold.
/// </summary>
public static class DataDrift
{
    /// <summary>Every check, inputs in the reference's order, the prediction last.</summary>
    public static IReadOnlyList<DriftCheck> Compare(MonitorReference reference, CurrentData current, MonitorSettings settings)
    {
        var pending = new List<(DriftCheck Check, double Threshold)>();
        foreach (var column in reference.Columns)
        {
            if (!current.Columns.TryGetValue(column.Bins.Name, out var counts)) continue;
            pending.Add(Distribution(column, counts, DriftAspect.Distribution, settings));
            if (column.Counts.Missing > 0 || counts.Missing > 0) pending.Add(MissingRate(column, counts, settings));
        }
        if (reference.Prediction is { } prediction && current.Prediction is { } predicted)
            pending.Add(Distribution(prediction, predicted, DriftAspect.Prediction, settings));
        var adjusted = MultipleTesting.Holm(pending.Select(p => p.Check.PValue).ToArray());
        return pending.Select((p, i) => p.Check with
        {
            AdjustedPValue = adjusted[i],
            Drifted = adjusted[i] < settings.Alpha && p.Check.Effect >= p.Threshold,
        }).ToArray();
    }

    private static (DriftCheck, double) Distribution(ReferenceColumn column, BinCounts current, DriftAspect aspect, MonitorSettings settings)
    {
        var (bins, reference) = (column.Bins, column.Counts);
        var missing = (Rate(reference.Missing, reference.Rows), Rate(current.Missing, current.Rows));
        if (bins.IsNumber)
        {
            var ks = BinnedTests.KolmogorovSmirnov(reference.Counts, current.Counts);
            var psi = BinnedTests.PopulationStability(reference.Counts, current.Counts);
            return (new DriftCheck(bins.Name, aspect, "Kolmogorov-Smirnov", ks.Statistic, ks.PValue, ks.PValue, "PSI", psi, settings.PsiThreshold,
                BinnedTests.Wasserstein(reference.Counts, current.Counts, bins.Edges), missing.Item1, missing.Item2, [], [], false), settings.PsiThreshold);
        }
        var (statistic, p, _) = ChiSquareHomogeneity.Test(reference.Counts, current.Counts);
        var distance = reference.Present == 0 || current.Present == 0 ? 0 : JensenShannon.Distance(reference.Counts, current.Counts);
        var vanished = bins.Levels.Where((_, i) => reference.Counts[i] > 0 && current.Counts[i] == 0).ToArray();
        return (new DriftCheck(bins.Name, aspect, "chi-square", statistic, p, p, "Jensen-Shannon", distance, settings.JensenShannonThreshold, null,
            missing.Item1, missing.Item2, current.Unseen.Keys.ToArray(), vanished, false), settings.JensenShannonThreshold);
    }

    private static (DriftCheck, double) MissingRate(ReferenceColumn column, BinCounts current, MonitorSettings settings)
    {
        var reference = column.Counts;
        var (statistic, p, _) = ChiSquareHomogeneity.Test([reference.Present, reference.Missing], [current.Present, current.Missing]);
        double before = Rate(reference.Missing, reference.Rows), after = Rate(current.Missing, current.Rows);
        return (new DriftCheck(column.Bins.Name, DriftAspect.MissingRate, "chi-square", statistic, p, p, "missing rate change", Math.Abs(after - before),
            settings.MissingRateThreshold, null, before, after, [], [], false), settings.MissingRateThreshold);
    }

    private static double Rate(long part, long total) => total == 0 ? 0 : (double)part / total;
}
