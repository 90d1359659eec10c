namespace MLOps.Engine.Statistics;

/// <summary>Adjusted p-values for many tests at once, as statsmodels' multipletests ('holm', 'fdr_bh').</summary>
public static class MultipleTesting
{
    /// <summary>Holm's step-down adjustment (controls the family-wise error rate).</summary>
    public static double[] Holm(ReadOnlySpan<double> pValues)
    {
        var m = pValues.Length;
        var order = SortedOrder.Of(pValues).Rows;
        var adjusted = new double[m];
        var running = 0.0;
        for (var rank = 0; rank < m; rank++)
        {
            var i = order[rank];
            running = Math.Max(running, Math.Min(1, (m - rank) * pValues[i]));
            adjusted[i] = running;
        }
        return adjusted;
    }

    /// <summary>
    /// The share of α at which a p-value was in effect compared by the adjustment that gave <paramref name="adjusted"/>:
    /// p &lt; α·share exactly when adjusted &lt; α. For Holm that is 1/(m − k + 1) at the k-th smallest p-value (less when a
    /// smaller p-value's step decided); for none, 1. Always between 1/m and 1; 1/m when p is 0.
    /// </summary>
    public static double LevelShare(double pValue, double adjusted, int m) =>
        adjusted > 0 ? Math.Clamp(pValue / adjusted, 1.0 / m, 1) : 1.0 / m;

    /// <summary>Benjamini–Hochberg step-up adjustment (controls the false discovery rate).</summary>
    public static double[] BenjaminiHochberg(ReadOnlySpan<double> pValues)
    {
        var m = pValues.Length;
        var order = SortedOrder.Of(pValues).Rows;
        var adjusted = new double[m];
        var running = 1.0;
        for (var rank = m - 1; rank >= 0; rank--)
        {
            var i = order[rank];
            running = Math.Min(running, Math.Min(1, (double)m / (rank + 1) * pValues[i]));
            adjusted[i] = running;
        }
        return adjusted;
    }
}
