using MLOps.Engine.Metrics;
using MLOps.Engine.Statistics;
using MLOps.Engine.Vocabulary;

namespace MLOps.Engine.Monitoring;

/// <summary>
/// One metric measured on labelled current rows against the package's value on its evaluation rows. The rows differ,
/// so the test is unpaired: one-sided, that the current value is worse than the package's by more than the allowed
/// decrease (z-test on the two standard errors).
/// </summary>
public sealed record RealizedMetric(string Metric, double? Reference, double Current, double? PValue, double? AdjustedPValue, string? Test, bool Degraded);

/// <summary>Performance on current rows whose labels arrived later, joined by key.</summary>
public static class RealizedPerformance
{
    /// <summary>
    /// Every metric of the task on the current rows; the tested ones (AUC by Hanley and McNeil's standard error and
    /// accuracy by two proportions for classifiers, RMSE by the delta method for regressors, its allowed increase
    /// relative) Holm-adjusted together and degraded when the adjusted p-value is below alpha.
    /// </summary>
    public static IReadOnlyList<RealizedMetric> Compare(MonitorReference reference, double[] labels, double[] scores, MonitorSettings settings)
    {
        var current = MetricRegistry.Compute(reference.Task, labels, scores);
        var tests = new Dictionary<string, (double P, string Test)>(StringComparer.Ordinal);
        var n = (double)labels.Length;
        if (reference.Task == ModelTask.BinaryClassification)
        {
            double currentPositives = labels.Count(l => l == 1), referencePositives = reference.Calibration.Sum(b => b.Positives);
            double referenceRows = reference.Calibration.Sum(b => b.Rows) is > 0 and var r ? r : reference.Rows;
            if (Both(reference, current, "auc", out var a, out var b) && referencePositives > 0 && referencePositives < referenceRows)
                tests["auc"] = (Worse(b, AucError(b, currentPositives, n - currentPositives), a, AucError(a, referencePositives, referenceRows - referencePositives), settings.MaxDecrease), "unpaired z (Hanley-McNeil)");
            if (Both(reference, current, "accuracy", out a, out b))
                tests["accuracy"] = (Worse(b, ProportionError(b, n), a, ProportionError(a, referenceRows), settings.MaxDecrease), "unpaired z (two proportions)");
        }
        else if (reference.Task == ModelTask.MulticlassClassification && Both(reference, current, "accuracy", out var a, out var b))
            tests["accuracy"] = (Worse(b, ProportionError(b, n), a, ProportionError(a, reference.Rows), settings.MaxDecrease), "unpaired z (two proportions)");
        else if (reference.Task == ModelTask.Regression && Both(reference, current, "rmse", out var shipped, out var rmse) && rmse > 0)
        {
            // Delta method: se(RMSE) = se(MSE) / (2 RMSE); the package's RMSE is taken as known.
            var squares = labels.Select((l, i) => (l - scores[i]) * (l - scores[i])).ToArray();
            var mse = squares.Average();
            var sd = Math.Sqrt(squares.Sum(s => (s - mse) * (s - mse)) / Math.Max(1, n - 1));
            var error = sd / Math.Sqrt(n) / (2 * rmse);
            var z = (rmse - shipped * (1 + settings.MaxDecrease)) / Math.Max(error, 1e-300);
            tests["rmse"] = (SpecialFunctions.NormalSurvival(z), "z on RMSE (delta method), the package's RMSE taken as known");
        }
        var names = tests.Keys.ToArray();
        var adjusted = MultipleTesting.Holm(names.Select(k => tests[k].P).ToArray());
        return current.Select(m =>
        {
            double? shipped = reference.Metrics.TryGetValue(m.Key, out var s) ? s : null;
            var index = Array.IndexOf(names, m.Key);
            return index < 0
                ? new RealizedMetric(m.Key, shipped, m.Value, null, null, null, false)
                : new RealizedMetric(m.Key, shipped, m.Value, tests[m.Key].P, adjusted[index], tests[m.Key].Test, adjusted[index] < settings.Alpha);
        }).ToArray();
    }

    private static bool Both(MonitorReference reference, IReadOnlyDictionary<string, double> current, string metric, out double shipped, out double measured)
    {
        measured = current.GetValueOrDefault(metric, double.NaN);
        return reference.Metrics.TryGetValue(metric, out shipped) && double.IsFinite(shipped) && double.IsFinite(measured);
    }

    /// <summary>One-sided p-value that a higher-is-better metric fell below the reference minus the allowed decrease.</summary>
    private static double Worse(double current, double currentError, double reference, double referenceError, double maxDecrease)
    {
        var error = Math.Sqrt(currentError * currentError + referenceError * referenceError);
        return SpecialFunctions.NormalCdf((current - (reference - maxDecrease)) / Math.Max(error, 1e-300));
    }

    private static double ProportionError(double p, double n) => Math.Sqrt(Math.Max(p * (1 - p), 1e-12) / Math.Max(n, 1));

    /// <summary>Hanley and McNeil's (1982) standard error of an AUC from its value and the class sizes.</summary>
    private static double AucError(double auc, double positives, double negatives)
    {
        if (positives < 1 || negatives < 1) return double.PositiveInfinity;
        double q1 = auc / (2 - auc), q2 = 2 * auc * auc / (1 + auc);
        var variance = (auc * (1 - auc) + (positives - 1) * (q1 - auc * auc) + (negatives - 1) * (q2 - auc * auc)) / (positives * negatives);
        return Math.Sqrt(Math.Max(variance, 1e-12));
    }
}
