using MLOps.Engine.Vocabulary;

namespace MLOps.Engine.Monitoring;

/// <summary>One column of the reference: its bins and the reference's counts on them.</summary>
public sealed record ReferenceColumn(ColumnBins Bins, BinCounts Counts);

/// <summary>One row of the reference's calibration table: rows whose score fell in a bin, their mean score, and how many were positive.</summary>
public sealed record CalibrationBin(double MeanScore, long Rows, long Positives);

/// <summary>
/// What monitoring compares against, read from the package's reference profile: every input's bins and counts on
/// the evaluation data, the model's predictions on it, the calibration table and the metrics the package shipped with.
/// </summary>
public sealed record MonitorReference(
    string ModelName, ModelTask Task, long Rows, IReadOnlyList<ReferenceColumn> Columns, ReferenceColumn? Prediction,
    IReadOnlyList<CalibrationBin> Calibration, IReadOnlyDictionary<string, double> Metrics)
{
    /// <summary>
    /// Multiclass: one calibration table per class, in the model's class order (class k's probability against "is k"),
    /// empty tables when the profile has no labels; no entries for other tasks.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<CalibrationBin>> Classes { get; init; } = [];
}

/// <summary>
/// The data being monitored, on the reference's bins: counts per input and of the model's predictions, and the
/// scores summarised for performance estimation in a fixed size (exact scores when rows were scored here, bin
/// centres when only a profile was kept; null for a regressor, or a multiclass profile that keeps no row's
/// probabilities together).
/// </summary>
public sealed record CurrentData(long Rows, IReadOnlyDictionary<string, BinCounts> Columns, BinCounts? Prediction, ScoreSummary? Scores)
{
    /// <summary>Two parts of the current data on the same bins added up.</summary>
    public CurrentData Plus(CurrentData other) => new(
        Rows + other.Rows,
        Columns.Keys.Union(other.Columns.Keys).ToDictionary(k => k, k =>
            Columns.TryGetValue(k, out var a) ? other.Columns.TryGetValue(k, out var b) ? a.Plus(b) : a : other.Columns[k], StringComparer.Ordinal),
        Prediction is null ? other.Prediction : other.Prediction is null ? Prediction : Prediction.Plus(other.Prediction),
        Scores is null || other.Scores is null ? null : Scores.Plus(other.Scores));
}

/// <summary>The thresholds of a monitoring run; the defaults are the build's drift settings.</summary>
public sealed record MonitorSettings
{
    /// <summary>Family-wise significance level of the drift checks (Holm across every check) and of the performance tests.</summary>
    public double Alpha { get; init; } = 0.05;
    /// <summary>Smallest PSI that counts as drift of a number column or the predictions.</summary>
    public double PsiThreshold { get; init; } = 0.1;
    /// <summary>Smallest Jensen–Shannon distance (base 2) that counts as drift of a category column.</summary>
    public double JensenShannonThreshold { get; init; } = 0.1;
    /// <summary>Smallest absolute change of a missing rate that counts as drift.</summary>
    public double MissingRateThreshold { get; init; } = 0.05;
    /// <summary>Largest decrease of a metric (absolute, in the metric's units) that is not yet a degradation.</summary>
    public double MaxDecrease { get; init; } = 0.02;
    /// <summary>Resamples for the estimate's confidence band.</summary>
    public int Resamples { get; init; } = 400;
    /// <summary>Seed of the resampling, so a report is reproducible.</summary>
    public int Seed { get; init; } = 1;
}
