using MLOps.Engine.Metrics;

namespace MLOps.Engine.Statistics;

/// <summary>
/// A metric of one model's predictions, evaluated with a multiplicity per row (a bootstrap resample is a vector
/// of counts). Everything that depends only on the predictions, such as the sort order for AUC, is prepared once,
/// so a resample costs a linear pass.
/// </summary>
public abstract class WeightedMetric
{
    /// <summary>The metric when row i counts <paramref name="weights"/>[i] times.</summary>
    public abstract double Evaluate(ReadOnlySpan<int> weights);

    /// <summary>A binary classification metric by name, or null when it has no weighted form.</summary>
    public static WeightedMetric? Binary(string name, double[] labels, double[] scores) => name switch
    {
        "auc" => new AucMetric(labels, scores),
        "average_precision" => new AveragePrecisionMetric(labels, scores),
        "log_loss" => new MeanMetric(labels.Select((y, i) => -Math.Log(Math.Clamp(y == 1 ? scores[i] : 1 - scores[i], BinaryMetrics.LogLossEpsilon, 1 - BinaryMetrics.LogLossEpsilon))).ToArray()),
        "brier" => new MeanMetric(labels.Select((y, i) => (scores[i] - y) * (scores[i] - y)).ToArray()),
        "accuracy" or "precision" or "recall" or "f1" or "balanced_accuracy" or "mcc" => new ConfusionMetric(name, labels, scores),
        _ => null,
    };

    /// <summary>A regression metric by name, or null when it has no weighted form.</summary>
    public static WeightedMetric? Regression(string name, double[] targets, double[] predictions) => name switch
    {
        "mse" => new MeanMetric(targets.Select((y, i) => (y - predictions[i]) * (y - predictions[i])).ToArray()),
        "rmse" => new MeanMetric(targets.Select((y, i) => (y - predictions[i]) * (y - predictions[i])).ToArray(), Math.Sqrt),
        "mae" => new MeanMetric(targets.Select((y, i) => Math.Abs(y - predictions[i])).ToArray()),
        "r2" or "explained_variance" => new RegressionMomentMetric(name, targets, predictions),
        _ => null,
    };

    private sealed class MeanMetric(double[] values, Func<double, double>? transform = null) : WeightedMetric
    {
        public override double Evaluate(ReadOnlySpan<int> weights)
        {
            double sum = 0, count = 0;
            for (var i = 0; i < values.Length; i++) { sum += weights[i] * values[i]; count += weights[i]; }
            var mean = sum / count;
            return transform is null ? mean : transform(mean);
        }
    }

    private sealed class ConfusionMetric(string name, double[] labels, double[] scores) : WeightedMetric
    {
        public override double Evaluate(ReadOnlySpan<int> weights)
        {
            long tp = 0, fp = 0, tn = 0, fn = 0;
            for (var i = 0; i < labels.Length; i++)
            {
                var w = weights[i];
                if (w == 0) continue;
                var predicted = scores[i] >= BinaryMetrics.Threshold;
                if (labels[i] == 1) { if (predicted) tp += w; else fn += w; }
                else if (predicted) fp += w;
                else tn += w;
            }
            var c = new BinaryMetrics.Confusion(tp, fp, tn, fn);
            return name switch
            {
                "accuracy" => c.Accuracy,
                "precision" => c.Precision,
                "recall" => c.Recall,
                "f1" => c.F1,
                "balanced_accuracy" => c.BalancedAccuracy,
                _ => c.Mcc,
            };
        }
    }

    /// <summary>AUC by one walk over rows pre-sorted by score, ties counted one half.</summary>
    private sealed class AucMetric : WeightedMetric
    {
        private readonly int[] _order;
        private readonly double[] _sortedScores;
        private readonly double[] _labels;

        public AucMetric(double[] labels, double[] scores)
        {
            _labels = labels;
            _order = Enumerable.Range(0, scores.Length).ToArray();
            _sortedScores = (double[])scores.Clone();
            Array.Sort(_sortedScores, _order);
        }

        public override double Evaluate(ReadOnlySpan<int> weights)
        {
            double negativesBelow = 0, pairs = 0, positives = 0;
            var n = _order.Length;
            for (var i = 0; i < n;)
            {
                double groupPositives = 0, groupNegatives = 0;
                var j = i;
                for (; j < n && _sortedScores[j] == _sortedScores[i]; j++)
                {
                    var row = _order[j];
                    if (_labels[row] == 1) groupPositives += weights[row];
                    else groupNegatives += weights[row];
                }
                pairs += groupPositives * (negativesBelow + 0.5 * groupNegatives);
                negativesBelow += groupNegatives;
                positives += groupPositives;
                i = j;
            }
            return positives == 0 || negativesBelow == 0 ? double.NaN : pairs / (positives * negativesBelow);
        }
    }

    private sealed class AveragePrecisionMetric : WeightedMetric
    {
        private readonly int[] _order;
        private readonly double[] _sortedScores;
        private readonly double[] _labels;

        public AveragePrecisionMetric(double[] labels, double[] scores)
        {
            _labels = labels;
            _order = Enumerable.Range(0, scores.Length).ToArray();
            _sortedScores = (double[])scores.Clone();
            Array.Sort(_sortedScores, _order);
        }

        public override double Evaluate(ReadOnlySpan<int> weights)
        {
            double positives = 0;
            for (var i = 0; i < _labels.Length; i++) if (_labels[i] == 1) positives += weights[i];
            if (positives == 0) return double.NaN;
            double truePositives = 0, seen = 0, previousRecall = 0, sum = 0;
            for (var i = _order.Length - 1; i >= 0;)
            {
                var j = i;
                for (; j >= 0 && _sortedScores[j] == _sortedScores[i]; j--)
                {
                    var row = _order[j];
                    seen += weights[row];
                    if (_labels[row] == 1) truePositives += weights[row];
                }
                if (seen > 0)
                {
                    var recall = truePositives / positives;
                    sum += (recall - previousRecall) * (truePositives / seen);
                    previousRecall = recall;
                }
                i = j;
            }
            return sum;
        }
    }

    private sealed class RegressionMomentMetric(string name, double[] targets, double[] predictions) : WeightedMetric
    {
        public override double Evaluate(ReadOnlySpan<int> weights)
        {
            double w = 0, sy = 0, syy = 0, sr = 0, srr = 0;
            for (var i = 0; i < targets.Length; i++)
            {
                double k = weights[i], y = targets[i], r = targets[i] - predictions[i];
                w += k; sy += k * y; syy += k * y * y; sr += k * r; srr += k * r * r;
            }
            var total = syy - sy * sy / w;
            return name == "r2" ? 1 - srr / total : 1 - (srr - sr * sr / w) / total;
        }
    }
}
