using MLOps.Engine.Metrics;
using MLOps.Engine.Statistics;
using MLOps.Engine.Vocabulary;

namespace MLOps.Engine.Monitoring;

/// <summary>One metric estimated without labels, with its confidence band and the reference's value.</summary>
public sealed record MetricEstimate(string Metric, double? Reference, double Estimate, double Lower, double Upper, bool Degraded);

/// <summary>What could be estimated without labels, and why not when nothing could.</summary>
public sealed record PerformanceEstimate(IReadOnlyList<MetricEstimate> Metrics, string? NotPossible)
{
    /// <summary>What the estimate rests on, said in every report.</summary>
    public static readonly IReadOnlyList<string> Assumptions =
    [
        "no concept drift: P(label | inputs) is the same as on the reference data, only the inputs may have shifted",
        "the model's scores, mapped through the reference's calibration table, are calibrated probabilities",
        "the band covers the sampling of the current rows' labels and of the reference's calibration table, not a change of P(label | inputs)",
    ];
}

/// <summary>
/// Confidence-based performance estimation (CBPE, as published by NannyML) for binary classifiers: each row's score
/// is mapped to a calibrated probability p of being positive, so a row predicted positive is a true positive with
/// probability p, a row predicted negative a false negative with probability p; the expected confusion counts give
/// accuracy, precision, recall and F1, and the expected ROC curve (true positives Σp, false positives Σ(1 − p) above
/// each threshold) gives AUC. The band is a parametric bootstrap: labels drawn from the calibrated probabilities
/// and the calibration table's rates redrawn from their binomial sampling error.
/// </summary>
public static class PerformanceEstimation
{
    /// <summary>The metrics estimated, as named in metrics.json.</summary>
    public static readonly string[] Estimated = ["auc", "accuracy", "precision", "recall", "f1"];

    // Past this many distinct scores the resamples run on scores rounded to 1/GridSize (the point estimate stays exact).
    private const int GridSize = 2000;

    /// <summary>The estimate for a task; regressors and multiclass models get none, with the reason.</summary>
    public static PerformanceEstimate Estimate(MonitorReference reference, IReadOnlyList<(double Score, long Rows)> scores, MonitorSettings settings) =>
        reference.Task switch
        {
            ModelTask.Regression => new([], "No estimate is possible for a regressor without labels: a prediction carries no probability of being right. Pass --labels to measure its performance."),
            ModelTask.MulticlassClassification => new([], "Estimation without labels covers binary classifiers only. Pass --labels to measure this model's performance."),
            _ when scores.Count == 0 => new([], "The current data holds no scored rows."),
            _ => new(Binary(reference, scores, settings), null),
        };

    private static MetricEstimate[] Binary(MonitorReference reference, IReadOnlyList<(double Score, long Rows)> scores, MonitorSettings settings)
    {
        var calibration = Calibration.Of(reference.Calibration);
        var groups = Grouped(scores, exact: true);
        var point = Expected(groups, calibration.Probability);
        var coarse = groups.Length > GridSize ? Grouped(scores, exact: false) : groups;
        var random = new Random(settings.Seed);
        var draws = new double[Estimated.Length][];
        for (var m = 0; m < draws.Length; m++) draws[m] = new double[settings.Resamples];
        for (var r = 0; r < settings.Resamples; r++)
        {
            var redrawn = Redrawn(reference.Calibration, calibration, random);
            var values = Simulated(coarse, redrawn.Probability, random);
            for (var m = 0; m < values.Length; m++) draws[m][r] = values[m];
        }
        return Estimated.Select((metric, m) =>
        {
            Array.Sort(draws[m]);
            var lower = Math.Min(point[m], Quantile(draws[m], settings.Alpha / 2));
            var upper = Math.Max(point[m], Quantile(draws[m], 1 - settings.Alpha / 2));
            double? shipped = reference.Metrics.TryGetValue(metric, out var value) ? value : null;
            return new MetricEstimate(metric, shipped, point[m], lower, upper, shipped is { } s && upper < s - settings.MaxDecrease);
        }).ToArray();
    }

    /// <summary>Distinct scores, highest first, with their rows.</summary>
    private static (double Score, double Rows)[] Grouped(IReadOnlyList<(double Score, long Rows)> scores, bool exact)
    {
        var keys = new double[scores.Count];
        var rows = new double[scores.Count];
        for (var i = 0; i < keys.Length; i++)
        {
            // Negated, so an ascending sort puts the highest score first.
            keys[i] = -(exact ? scores[i].Score : Math.Round(scores[i].Score * GridSize) / GridSize);
            rows[i] = scores[i].Rows;
        }
        Array.Sort(keys, rows);
        var groups = new List<(double, double)>();
        for (var i = 0; i < keys.Length; i++)
        {
            if (groups.Count > 0 && -keys[i] == groups[^1].Item1) groups[^1] = (groups[^1].Item1, groups[^1].Item2 + rows[i]);
            else groups.Add((-keys[i], rows[i]));
        }
        return [.. groups];
    }

    /// <summary>Expected metrics (in <see cref="Estimated"/>'s order) when each row of a group is positive with the group's probability.</summary>
    private static double[] Expected((double Score, double Rows)[] groups, Func<double, double> probability)
    {
        var positives = new double[groups.Length];
        for (var g = 0; g < groups.Length; g++) positives[g] = groups[g].Rows * probability(groups[g].Score);
        return FromCounts(groups, positives);
    }

    /// <summary>Metrics of one draw of labels: each group's positives from its binomial (normal beyond 50 rows).</summary>
    private static double[] Simulated((double Score, double Rows)[] groups, Func<double, double> probability, Random random)
    {
        var positives = new double[groups.Length];
        for (var g = 0; g < groups.Length; g++)
        {
            var (n, p) = (groups[g].Rows, probability(groups[g].Score));
            if (n <= 50)
            {
                var k = 0;
                for (var i = 0; i < n; i++) k += random.NextDouble() < p ? 1 : 0;
                positives[g] = k;
            }
            else positives[g] = Math.Clamp(Math.Round(n * p + Math.Sqrt(n * p * (1 - p)) * Normal(random)), 0, n);
        }
        return FromCounts(groups, positives);
    }

    /// <summary>AUC, accuracy, precision, recall and F1 of groups (highest score first) with so many positives each; ties count one half in AUC.</summary>
    private static double[] FromCounts((double Score, double Rows)[] groups, double[] positives)
    {
        double tp = 0, fp = 0, fn = 0, tn = 0, positivesAbove = 0, pairs = 0, allPositives = 0, allNegatives = 0;
        for (var g = 0; g < groups.Length; g++)
        {
            var (score, rows) = groups[g];
            double pos = positives[g], neg = rows - pos;
            pairs += neg * (positivesAbove + pos / 2);
            positivesAbove += pos;
            (allPositives, allNegatives) = (allPositives + pos, allNegatives + neg);
            if (score >= BinaryMetrics.Threshold) (tp, fp) = (tp + pos, fp + neg);
            else (fn, tn) = (fn + pos, tn + neg);
        }
        static double Ratio(double a, double b) => b == 0 ? 0 : a / b;
        var auc = allPositives == 0 || allNegatives == 0 ? double.NaN : pairs / (allPositives * allNegatives);
        return [auc, Ratio(tp + tn, tp + fp + fn + tn), Ratio(tp, tp + fp), Ratio(tp, tp + fn), Ratio(2 * tp, 2 * tp + fp + fn)];
    }

    /// <summary>The calibration map refitted on rates redrawn from each bin's binomial sampling error.</summary>
    private static Calibration Redrawn(IReadOnlyList<CalibrationBin> table, Calibration fitted, Random random)
    {
        if (!fitted.FromTable) return fitted;
        return Calibration.Fit(table.Where(b => b.Rows > 0).OrderBy(b => b.MeanScore).Select(b =>
        {
            var rate = (double)b.Positives / b.Rows;
            // Half a row of each class keeps an all-positive or all-negative bin uncertain, as a Jeffreys prior would.
            var spread = Math.Sqrt((rate * (1 - rate) + 0.25 / b.Rows) / b.Rows);
            return (b.MeanScore, Math.Clamp(rate + spread * Normal(random), 0, 1), (double)b.Rows);
        }).ToArray());
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static double Quantile(double[] sorted, double q)
    {
        var finite = sorted.Where(double.IsFinite).ToArray();
        if (finite.Length == 0) return double.NaN;
        var index = (finite.Length - 1) * q;
        var below = (int)Math.Floor(index);
        return below >= finite.Length - 1 ? finite[^1] : finite[below] + (index - below) * (finite[below + 1] - finite[below]);
    }
}
