using MLOps.Engine.Metrics;
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
        "a multiclass model's classes are calibrated one against the rest, each on its own table, and the calibrated probabilities renormalised to sum to 1",
        $"scores are summarised on {ScoreSummary.Bins:N0} bins per class: accuracy and the confusion counts are exact, AUC counts rows in one bin as ties (at most a few 1e-4 off when scores spread over the range)",
    ];
}

/// <summary>
/// Confidence-based performance estimation (CBPE, as published by NannyML). Binary: each row's score is mapped to a
/// calibrated probability p of being positive, so a row predicted positive is a true positive with probability p, a
/// row predicted negative a false negative with probability p; the expected confusion counts give accuracy,
/// precision, recall and F1, and the expected ROC curve (true positives Σp, false positives Σ(1 − p) above each
/// threshold) gives AUC. Multiclass: each class's probability is calibrated one-vs-rest and the calibrated
/// probabilities renormalised; expected accuracy is the mean renormalised probability of the predicted class, and
/// each class's one-vs-rest AUC is expected as the binary one (ranked by the model's probability of that class),
/// averaged over classes. Everything is computed from a <see cref="ScoreSummary"/>, so memory does not grow with rows.
/// The band is a parametric bootstrap: labels drawn from the calibrated probabilities and the calibration tables'
/// rates redrawn from their binomial sampling error.
/// </summary>
public static class PerformanceEstimation
{
    /// <summary>The metrics estimated for a binary classifier, as named in metrics.json.</summary>
    public static readonly string[] Estimated = ["auc", "accuracy", "precision", "recall", "f1"];

    /// <summary>The metrics estimated for a multiclass classifier, as named in metrics.json.</summary>
    public static readonly string[] EstimatedMulticlass = ["macro_auc_ovr", "accuracy"];

    // The first bin of scores at or above the binary threshold.
    private static readonly int PositiveBin = (int)(BinaryMetrics.Threshold * ScoreSummary.Bins);

    /// <summary>The estimate for a task; regressors get none, with the reason, as do scores that were not kept row by row.</summary>
    public static PerformanceEstimate Estimate(MonitorReference reference, ScoreSummary? scores, MonitorSettings settings) =>
        reference.Task switch
        {
            ModelTask.Regression => new([], "No estimate is possible for a regressor without labels: a prediction carries no probability of being right. Pass --labels to measure its performance."),
            _ when scores is null => new([], "Estimation without labels needs each row's class probabilities together (a prediction log or CSV files); a scoring profile keeps each class's probabilities apart. Pass --labels, or monitor the prediction log."),
            _ when scores.Rows == 0 => new([], "The current data holds no scored rows."),
            _ => new(Metrics(reference, scores, settings), null),
        };

    private static MetricEstimate[] Metrics(MonitorReference reference, ScoreSummary scores, MonitorSettings settings)
    {
        var names = scores.Calibration.Multiclass ? EstimatedMulticlass : Estimated;
        var positives = new double[scores.Tracks * ScoreSummary.Bins];
        for (var t = 0; t < scores.Tracks; t++)
        for (var b = 0; b < ScoreSummary.Bins; b++) positives[t * ScoreSummary.Bins + b] = scores.Expected(t, b);
        var point = FromCounts(scores, positives);
        var random = new Random(settings.Seed);
        var draws = new double[names.Length][];
        for (var m = 0; m < draws.Length; m++) draws[m] = new double[settings.Resamples];
        for (var r = 0; r < settings.Resamples; r++)
        {
            Simulate(scores, scores.Calibration.Redrawn(random), random, positives);
            var values = FromCounts(scores, positives);
            for (var m = 0; m < values.Length; m++) draws[m][r] = values[m];
        }
        return names.Select((metric, m) =>
        {
            Array.Sort(draws[m]);
            var lower = Math.Min(point[m], Quantile(draws[m], settings.Alpha / 2));
            var upper = Math.Max(point[m], Quantile(draws[m], 1 - settings.Alpha / 2));
            double? shipped = reference.Metrics.TryGetValue(metric, out var value) ? value : null;
            return new MetricEstimate(metric, shipped, point[m], lower, upper, shipped is { } s && upper < s - settings.MaxDecrease);
        }).ToArray();
    }

    /// <summary>
    /// One draw of every bin's positives: the bin's mean probability moved by its map's redraw (at the bin's centre),
    /// its positives binomial up to 50 rows, else normal with the rows' own variance Σq(1 − q) adjusted to the move.
    /// </summary>
    private static void Simulate(ScoreSummary scores, IReadOnlyList<Calibration> redrawn, Random random, double[] positives)
    {
        var fitted = scores.Calibration.Maps;
        for (var t = 0; t < scores.Tracks; t++)
        {
            var k = scores.ClassOf(t);
            for (var b = 0; b < ScoreSummary.Bins; b++)
            {
                var n = scores.RowsIn(t, b);
                if (n == 0) { positives[t * ScoreSummary.Bins + b] = 0; continue; }
                var centre = ScoreSummary.Centre(b);
                var mean = scores.Expected(t, b) / n;
                var p = Math.Clamp(mean + redrawn[k].Probability(centre) - fitted[k].Probability(centre), 0, 1);
                double drawn;
                if (n <= 50)
                {
                    var hits = 0;
                    for (var i = 0; i < n; i++) hits += random.NextDouble() < p ? 1 : 0;
                    drawn = hits;
                }
                else
                {
                    var variance = Math.Max(0, scores.Variance(t, b) + n * (p * (1 - p) - mean * (1 - mean)));
                    drawn = Math.Clamp(Math.Round(n * p + Math.Sqrt(variance) * Calibration.Normal(random)), 0, n);
                }
                positives[t * ScoreSummary.Bins + b] = drawn;
            }
        }
    }

    /// <summary>The metrics (in the task's order) when a summary's bins hold so many positives each.</summary>
    private static double[] FromCounts(ScoreSummary scores, double[] positives)
    {
        if (!scores.Calibration.Multiclass) return Binary(scores, positives);
        double aucs = 0, correct = 0;
        for (var k = 0; k < scores.Classes; k++)
        {
            aucs += Auc(scores, k, positives);
            for (var b = 0; b < ScoreSummary.Bins; b++) correct += positives[(scores.Classes + k) * ScoreSummary.Bins + b];
        }
        // Undefined when a class is expected to have no rows or every row, as the realized macro AUC is.
        return [aucs / scores.Classes, correct / scores.Rows];
    }

    /// <summary>AUC, accuracy, precision, recall and F1 of a binary summary's track.</summary>
    private static double[] Binary(ScoreSummary scores, double[] positives)
    {
        double tp = 0, fp = 0, fn = 0, tn = 0;
        for (var b = 0; b < ScoreSummary.Bins; b++)
        {
            double pos = positives[b], neg = scores.RowsIn(0, b) - pos;
            if (b >= PositiveBin) (tp, fp) = (tp + pos, fp + neg);
            else (fn, tn) = (fn + pos, tn + neg);
        }
        static double Ratio(double a, double b) => b == 0 ? 0 : a / b;
        return [Auc(scores, 0, positives), Ratio(tp + tn, tp + fp + fn + tn), Ratio(tp, tp + fp), Ratio(tp, tp + fn), Ratio(2 * tp, 2 * tp + fp + fn)];
    }

    /// <summary>A track's AUC, its bins taken highest score first, rows in one bin counting one half.</summary>
    private static double Auc(ScoreSummary scores, int track, double[] positives)
    {
        double positivesAbove = 0, pairs = 0, negatives = 0;
        for (var b = ScoreSummary.Bins - 1; b >= 0; b--)
        {
            double pos = positives[track * ScoreSummary.Bins + b], neg = scores.RowsIn(track, b) - pos;
            pairs += neg * (positivesAbove + pos / 2);
            (positivesAbove, negatives) = (positivesAbove + pos, negatives + neg);
        }
        return positivesAbove <= 0 || negatives <= 0 ? double.NaN : pairs / (positivesAbove * negatives);
    }

    private static double Quantile(double[] sorted, double q)
    {
        var finite = sorted.Where(double.IsFinite).ToArray();
        if (finite.Length == 0) return double.NaN;
        var index = (finite.Length - 1) * q;
        var below = (int)Math.Floor(index);
        return below >= finite.Length - 1 ? finite[^1] : finite[below] + (index - below) * (finite[below + 1] - finite[below]);
    }
}
