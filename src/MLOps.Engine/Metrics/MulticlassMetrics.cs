namespace MLOps.Engine.Metrics;

/// <summary>
/// Metrics of a multiclass classifier from class indices and a row-major probability matrix (rows × classes),
/// with scikit-learn's definitions; the predicted class is the first of the highest probabilities.
/// </summary>
public static class MulticlassMetrics
{
    /// <summary>Counts of (true class, predicted class).</summary>
    public static long[,] Confusion(ReadOnlySpan<int> labels, ReadOnlySpan<double> probabilities, int classes)
    {
        var table = new long[classes, classes];
        for (var r = 0; r < labels.Length; r++) table[labels[r], ArgMax(probabilities.Slice(r * classes, classes))]++;
        return table;
    }

    /// <summary>The predicted class: the first of the highest probabilities.</summary>
    public static int ArgMax(ReadOnlySpan<double> row)
    {
        var best = 0;
        for (var k = 1; k < row.Length; k++) if (row[k] > row[best]) best = k;
        return best;
    }

    /// <summary>Macro, micro and weighted F1 from confusion counts.</summary>
    public static (double Macro, double Micro, double Weighted) F1Scores(long[,] confusion)
    {
        var counts = new double[confusion.GetLength(0), confusion.GetLength(1)];
        for (var i = 0; i < counts.GetLength(0); i++)
            for (var j = 0; j < counts.GetLength(1); j++) counts[i, j] = confusion[i, j];
        return F1Scores(counts);
    }

    /// <summary>Macro, micro and weighted F1 from a (possibly weighted) confusion matrix of (true, predicted) counts.</summary>
    public static (double Macro, double Micro, double Weighted) F1Scores(double[,] confusion)
    {
        var classes = confusion.GetLength(0);
        double macro = 0, weighted = 0, total = 0, correct = 0;
        for (var k = 0; k < classes; k++)
        {
            double tp = confusion[k, k], support = 0, predicted = 0;
            for (var j = 0; j < classes; j++) { support += confusion[k, j]; predicted += confusion[j, k]; }
            var f1 = support + predicted == 0 ? 0 : 2 * tp / (support + predicted);
            macro += f1;
            weighted += f1 * support;
            total += support;
            correct += tp;
        }
        // Micro F1 equals accuracy when every row has exactly one true and one predicted class.
        return (macro / classes, correct / total, weighted / total);
    }

    /// <summary>One row's negative log-probability of its true class, clipped and renormalized as <see cref="LogLoss"/> does.</summary>
    public static double RowLogLoss(ReadOnlySpan<double> row, int label)
    {
        double total = 0;
        foreach (var p in row) total += Math.Clamp(p, BinaryMetrics.LogLossEpsilon, 1 - BinaryMetrics.LogLossEpsilon);
        return -Math.Log(Math.Clamp(row[label], BinaryMetrics.LogLossEpsilon, 1 - BinaryMetrics.LogLossEpsilon) / total);
    }

    /// <summary>Mean negative log-probability of the true class; rows clipped to [ε, 1−ε] and renormalized, as scikit-learn 1.2 does.</summary>
    public static double LogLoss(ReadOnlySpan<int> labels, ReadOnlySpan<double> probabilities, int classes)
    {
        double sum = 0;
        for (var r = 0; r < labels.Length; r++) sum += RowLogLoss(probabilities.Slice(r * classes, classes), labels[r]);
        return sum / labels.Length;
    }

    /// <summary>Unweighted mean over classes of the AUC of "this class" against the rest.</summary>
    public static double MacroAucOneVsRest(ReadOnlySpan<int> labels, ReadOnlySpan<double> probabilities, int classes)
    {
        var y = new double[labels.Length];
        var score = new double[labels.Length];
        double sum = 0;
        for (var k = 0; k < classes; k++)
        {
            for (var r = 0; r < labels.Length; r++)
            {
                y[r] = labels[r] == k ? 1 : 0;
                score[r] = probabilities[r * classes + k];
            }
            sum += BinaryMetrics.Auc(y, score);
        }
        return sum / classes;
    }
}
