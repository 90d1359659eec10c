namespace MLOps.Engine.Statistics;

/// <summary>Mid-ranks (ties get the mean of the ranks they span), as scipy.stats.rankdata(method='average').</summary>
public static class Ranks
{
    /// <summary>1-based mid-ranks of <paramref name="values"/>; <paramref name="tieTerm"/> is Σ (t³ − t) over tie groups.</summary>
    public static double[] Mid(ReadOnlySpan<double> values, out double tieTerm)
    {
        var n = values.Length;
        var (order, keys) = SortedOrder.Of(values);
        var ranks = new double[n];
        tieTerm = 0;
        for (var i = 0; i < n;)
        {
            var j = i;
            while (j + 1 < n && keys[j + 1] == keys[i]) j++;
            var rank = (i + j) / 2.0 + 1;
            for (var k = i; k <= j; k++) ranks[order[k]] = rank;
            double t = j - i + 1;
            tieTerm += t * t * t - t;
            i = j + 1;
        }
        return ranks;
    }
}

/// <summary>
/// DeLong's placement values: for each positive, the share of negatives it outranks (ties count one half), and for
/// each negative, the share of positives that outrank it. Their means are the AUC.
/// </summary>
public sealed record Placements(double Auc, double[] Positive, double[] Negative)
{
    public static Placements Of(ReadOnlySpan<double> labels, ReadOnlySpan<double> scores)
    {
        var positives = new List<double>();
        var negatives = new List<double>();
        for (var i = 0; i < labels.Length; i++) (labels[i] == 1 ? positives : negatives).Add(scores[i]);
        double m = positives.Count, n = negatives.Count;
        var all = positives.Concat(negatives).ToArray();
        var combined = Ranks.Mid(all, out _);
        var withinPositive = Ranks.Mid(positives.ToArray(), out _);
        var withinNegative = Ranks.Mid(negatives.ToArray(), out _);
        var v10 = new double[(int)m];
        var v01 = new double[(int)n];
        for (var i = 0; i < m; i++) v10[i] = (combined[i] - withinPositive[i]) / n;
        for (var j = 0; j < n; j++) v01[j] = 1 - (combined[(int)m + j] - withinNegative[j]) / m;
        return new Placements(v10.Average(), v10, v01);
    }
}
