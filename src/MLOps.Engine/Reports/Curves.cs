namespace MLOps.Engine.Reports;

/// <summary>Points of the curves a report plots, thinned to at most <see cref="MaxPoints"/> so a million rows stay a small SVG.</summary>
public static class Curves
{
    public const int MaxPoints = 200;

    /// <summary>ROC curve: (false positive rate, true positive rate) at each distinct threshold, from (0,0) to (1,1).</summary>
    /// <param name="descending">The rows by descending score (<see cref="Descending"/>), when the caller has them.</param>
    public static IReadOnlyList<(double X, double Y)> Roc(double[] labels, double[] scores, int[]? descending = null) =>
        Sweep(labels, scores, descending, (tp, fp, p, n) => (n == 0 ? 0 : fp / n, p == 0 ? 0 : tp / p), start: (0, 0));

    /// <summary>Precision-recall curve: (recall, precision) at each distinct threshold.</summary>
    public static IReadOnlyList<(double X, double Y)> PrecisionRecall(double[] labels, double[] scores, int[]? descending = null) =>
        Sweep(labels, scores, descending, (tp, fp, p, _) => (p == 0 ? 0 : tp / p, tp + fp == 0 ? 1 : tp / (tp + fp)), start: null);

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

    private static IReadOnlyList<(double X, double Y)> Sweep(double[] labels, double[] scores, int[]? descending,
        Func<double, double, double, double, (double, double)> point, (double, double)? start)
    {
        var order = descending ?? Descending(scores);
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

    /// <summary>
    /// Rows by descending score, as a stable OrderByDescending orders them where it matters: the order within a run of
    /// equal scores changes no point (one point per threshold), and NaN scores, each a point of its own, come last in
    /// row order. An array sort, several times faster than LINQ's on a million rows.
    /// </summary>
    public static int[] Descending(double[] scores)
    {
        var keys = new double[scores.Length];
        var order = new int[scores.Length];
        for (var i = 0; i < keys.Length; i++) (keys[i], order[i]) = (-scores[i], i);
        Array.Sort(keys, order); // NaN first
        var nan = 0;
        while (nan < keys.Length && double.IsNaN(keys[nan])) nan++;
        if (nan == 0) return order;
        Array.Sort(order, 0, nan);
        return [.. order.AsSpan(nan), .. order.AsSpan(0, nan)];
    }
}
