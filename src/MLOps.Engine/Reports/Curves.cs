namespace MLOps.Engine.Reports;

/// <summary>Points of the curves a report plots, thinned to at most <see cref="MaxPoints"/> so a million rows stay a small SVG.</summary>
public static class Curves
{
    public const int MaxPoints = 200;

    /// <summary>ROC curve: (false positive rate, true positive rate) at each distinct threshold, from (0,0) to (1,1).</summary>
    public static IReadOnlyList<(double X, double Y)> Roc(double[] labels, double[] scores) =>
        Sweep(labels, scores, (tp, fp, p, n) => (n == 0 ? 0 : fp / n, p == 0 ? 0 : tp / p), start: (0, 0));

    /// <summary>Precision-recall curve: (recall, precision) at each distinct threshold.</summary>
    public static IReadOnlyList<(double X, double Y)> PrecisionRecall(double[] labels, double[] scores) =>
        Sweep(labels, scores, (tp, fp, p, _) => (p == 0 ? 0 : tp / p, tp + fp == 0 ? 1 : tp / (tp + fp)), start: null);

    /// <summary>Reliability diagram: (mean score, share of positives) for ten equal-width score bins that have rows.</summary>
    public static IReadOnlyList<(double X, double Y, int Rows)> Calibration(double[] labels, double[] scores, int bins = 10)
    {
        var sum = new double[bins];
        var positives = new double[bins];
        var rows = new int[bins];
        for (var i = 0; i < labels.Length; i++)
        {
            var b = Math.Min(bins - 1, (int)(scores[i] * bins));
            sum[b] += scores[i];
            positives[b] += labels[i];
            rows[b]++;
        }
        return Enumerable.Range(0, bins).Where(b => rows[b] > 0).Select(b => (sum[b] / rows[b], positives[b] / rows[b], rows[b])).ToArray();
    }

    private static IReadOnlyList<(double X, double Y)> Sweep(double[] labels, double[] scores,
        Func<double, double, double, double, (double, double)> point, (double, double)? start)
    {
        var order = Enumerable.Range(0, scores.Length).OrderByDescending(i => scores[i]).ToArray();
        double positives = labels.Sum(), negatives = labels.Length - positives, tp = 0, fp = 0;
        var points = new List<(double, double)>();
        if (start is { } s) points.Add(s);
        for (var k = 0; k < order.Length; k++)
        {
            if (labels[order[k]] == 1) tp++; else fp++;
            if (k + 1 < order.Length && scores[order[k + 1]] == scores[order[k]]) continue; // one point per threshold
            points.Add(point(tp, fp, positives, negatives));
        }
        if (points.Count <= MaxPoints) return points;
        var step = (points.Count - 1) / (double)(MaxPoints - 1);
        return Enumerable.Range(0, MaxPoints).Select(i => points[(int)Math.Round(i * step)]).ToArray();
    }
}
