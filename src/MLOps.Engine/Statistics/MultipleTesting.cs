namespace MLOps.Engine.Statistics;

/// <summary>Adjusted p-values for many tests at once, as statsmodels' multipletests ('holm', 'fdr_bh').</summary>
public static class MultipleTesting
{
    /// <summary>Holm's step-down adjustment (controls the family-wise error rate).</summary>
    public static double[] Holm(ReadOnlySpan<double> pValues)
    {
        var m = pValues.Length;
        var order = Metrics.SortedOrder.Of(pValues).Rows;
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

    /// <summary>Benjamini–Hochberg step-up adjustment (controls the false discovery rate).</summary>
    public static double[] BenjaminiHochberg(ReadOnlySpan<double> pValues)
    {
        var m = pValues.Length;
        var order = Metrics.SortedOrder.Of(pValues).Rows;
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
