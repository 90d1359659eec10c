namespace MLOps.Engine.Metrics;

/// <summary>
/// Metrics of a binary classifier from 0/1 labels and positive-class scores, with scikit-learn's definitions:
/// a row is predicted positive when its score is at least <see cref="Threshold"/>; AUC counts ties as one half.
/// </summary>
public static class BinaryMetrics
{
    /// <summary>Score at or above which a row is predicted positive.</summary>
    public const double Threshold = 0.5;

    /// <summary>Metric names (lower snake case, as in metrics JSON and gates) and values.</summary>
    public static IReadOnlyDictionary<string, double> All(ReadOnlySpan<double> labels, ReadOnlySpan<double> scores) =>
        new SortedDictionary<string, double>(StringComparer.Ordinal)
        {
            ["auc"] = Auc(labels, scores),
            ["accuracy"] = Accuracy(labels, scores),
            ["log_loss"] = LogLoss(labels, scores),
        };

    /// <summary>Area under the ROC curve (Mann–Whitney with mid-ranks for ties); NaN when one class is absent.</summary>
    public static double Auc(ReadOnlySpan<double> labels, ReadOnlySpan<double> scores)
    {
        var n = labels.Length;
        var order = new int[n];
        for (var i = 0; i < n; i++) order[i] = i;
        var keys = scores.ToArray();
        Array.Sort(keys, order);
        double positives = 0, rankSum = 0;
        for (var i = 0; i < n;)
        {
            var j = i;
            while (j + 1 < n && keys[j + 1] == keys[i]) j++;
            var midRank = (i + j) / 2.0 + 1;
            for (var k = i; k <= j; k++)
            {
                if (labels[order[k]] != 1) continue;
                positives++;
                rankSum += midRank;
            }
            i = j + 1;
        }
        var negatives = n - positives;
        if (positives == 0 || negatives == 0) return double.NaN;
        return (rankSum - positives * (positives + 1) / 2) / (positives * negatives);
    }

    /// <summary>Share of rows whose predicted class equals the label.</summary>
    public static double Accuracy(ReadOnlySpan<double> labels, ReadOnlySpan<double> scores)
    {
        var correct = 0;
        for (var i = 0; i < labels.Length; i++)
            if ((scores[i] >= Threshold) == (labels[i] == 1)) correct++;
        return (double)correct / labels.Length;
    }

    /// <summary>Mean negative log-likelihood; scores clipped to [ε, 1−ε] with ε the double machine epsilon, as scikit-learn 1.2 does.</summary>
    public static double LogLoss(ReadOnlySpan<double> labels, ReadOnlySpan<double> scores)
    {
        const double epsilon = 2.220446049250313e-16;
        double sum = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            var p = Math.Clamp(scores[i], epsilon, 1 - epsilon);
            sum -= labels[i] == 1 ? Math.Log(p) : Math.Log(1 - p);
        }
        return sum / labels.Length;
    }
}
