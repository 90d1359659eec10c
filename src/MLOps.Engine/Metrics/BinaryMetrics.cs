using MLOps.Engine.Statistics;

namespace MLOps.Engine.Metrics;

/// <summary>
/// Metrics of a binary classifier from 0/1 labels and positive-class scores, with scikit-learn's definitions:
/// a row is predicted positive when its score is at least <see cref="Threshold"/>; AUC counts ties as one half.
/// </summary>
public static class BinaryMetrics
{
    /// <summary>Score at or above which a row is predicted positive.</summary>
    public const double Threshold = 0.5;

    /// <summary>Counts of the 2×2 confusion table at <see cref="Threshold"/>, and the metrics read off it.</summary>
    public readonly record struct Confusion(long TruePositives, long FalsePositives, long TrueNegatives, long FalseNegatives)
    {
        public static Confusion Of(ReadOnlySpan<double> labels, ReadOnlySpan<double> scores)
        {
            long tp = 0, fp = 0, tn = 0, fn = 0;
            for (var i = 0; i < labels.Length; i++)
            {
                var predicted = scores[i] >= Threshold;
                if (labels[i] == 1) { if (predicted) tp++; else fn++; }
                else if (predicted) fp++;
                else tn++;
            }
            return new Confusion(tp, fp, tn, fn);
        }

        private static double Ratio(double a, double b) => b == 0 ? 0 : a / b; // scikit-learn's zero_division=0
        public double Accuracy => (double)(TruePositives + TrueNegatives) / (TruePositives + FalsePositives + TrueNegatives + FalseNegatives);
        public double Precision => Ratio(TruePositives, TruePositives + FalsePositives);
        public double Recall => Ratio(TruePositives, TruePositives + FalseNegatives);
        public double F1 => Ratio(2.0 * TruePositives, 2.0 * TruePositives + FalsePositives + FalseNegatives);
        public double BalancedAccuracy => (Recall + Ratio(TrueNegatives, TrueNegatives + FalsePositives)) / 2;
        public double Mcc
        {
            get
            {
                double tp = TruePositives, fp = FalsePositives, tn = TrueNegatives, fn = FalseNegatives;
                var denominator = Math.Sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn));
                return denominator == 0 ? 0 : (tp * tn - fp * fn) / denominator;
            }
        }
    }

    /// <summary>Average precision: Σ (Rₙ − Rₙ₋₁)·Pₙ over distinct score thresholds, highest first (scikit-learn's definition, no interpolation).</summary>
    public static double AveragePrecision(ReadOnlySpan<double> labels, ReadOnlySpan<double> scores) =>
        new AveragePrecisionWalk(labels.ToArray(), scores.ToArray()).Evaluate(new UnitWeights());

    /// <summary>Mean squared difference between score and label.</summary>
    public static double Brier(ReadOnlySpan<double> labels, ReadOnlySpan<double> scores)
    {
        double sum = 0;
        for (var i = 0; i < labels.Length; i++) sum += (scores[i] - labels[i]) * (scores[i] - labels[i]);
        return sum / labels.Length;
    }

    /// <summary>Area under the ROC curve (Mann–Whitney, ties counting one half); NaN when one class is absent.</summary>
    public static double Auc(ReadOnlySpan<double> labels, ReadOnlySpan<double> scores) =>
        new AucWalk(labels.ToArray(), scores.ToArray()).Evaluate(new UnitWeights());

    /// <summary>Share of rows whose predicted class equals the label.</summary>
    public static double Accuracy(ReadOnlySpan<double> labels, ReadOnlySpan<double> scores) => Confusion.Of(labels, scores).Accuracy;

    /// <summary>Scores are clipped to [ε, 1−ε] before logs, ε the double machine epsilon, as scikit-learn 1.2 does.</summary>
    internal const double LogLossEpsilon = 2.220446049250313e-16;

    /// <summary>Mean negative log-likelihood of the labels under the scores.</summary>
    public static double LogLoss(ReadOnlySpan<double> labels, ReadOnlySpan<double> scores)
    {
        const double epsilon = LogLossEpsilon;
        double sum = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            var p = Math.Clamp(scores[i], epsilon, 1 - epsilon);
            sum -= labels[i] == 1 ? Math.Log(p) : Math.Log(1 - p);
        }
        return sum / labels.Length;
    }
}
