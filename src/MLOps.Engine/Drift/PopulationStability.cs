namespace MLOps.Engine.Drift;

/// <summary>
/// The population stability index of a numeric column: ten bins at the reference's deciles (numpy's default
/// linear interpolation; outer edges open; bins [lo, hi)), an empty bin's share replaced by 1e-4,
/// PSI = Σ (current − reference) · ln(current / reference). Below 0.1 is commonly read as stable, above 0.25 as a
/// major shift.
/// </summary>
public static class PopulationStability
{
    /// <summary>Bins used.</summary>
    public const int Bins = 10;
    private const double EmptyShare = 1e-4;

    /// <summary>The nine inner bin edges: the reference's deciles.</summary>
    public static double[] InnerEdges(ReadOnlySpan<double> sortedReference)
    {
        var edges = new double[Bins - 1];
        for (var i = 1; i < Bins; i++) edges[i - 1] = Quantile(sortedReference, i / (double)Bins);
        return edges;
    }

    /// <summary>PSI between two samples in ascending order.</summary>
    public static double Index(ReadOnlySpan<double> sortedReference, ReadOnlySpan<double> sortedCurrent)
    {
        var edges = InnerEdges(sortedReference);
        Span<double> expected = stackalloc double[Bins];
        Span<double> actual = stackalloc double[Bins];
        Shares(sortedReference, edges, expected);
        Shares(sortedCurrent, edges, actual);
        var psi = 0.0;
        for (var b = 0; b < Bins; b++) psi += (actual[b] - expected[b]) * Math.Log(actual[b] / expected[b]);
        return psi;
    }

    /// <summary>numpy.quantile(values, q) with method 'linear', for sorted values.</summary>
    public static double Quantile(ReadOnlySpan<double> sorted, double q)
    {
        var index = (sorted.Length - 1) * q;
        var below = (int)Math.Floor(index);
        if (below >= sorted.Length - 1) return sorted[^1];
        var gamma = index - below;
        double a = sorted[below], b = sorted[below + 1], difference = b - a;
        return gamma >= 0.5 ? b - difference * (1 - gamma) : a + difference * gamma;
    }

    private static void Shares(ReadOnlySpan<double> sorted, double[] edges, Span<double> shares)
    {
        var start = 0;
        for (var b = 0; b < Bins; b++)
        {
            // Values below the bin's upper edge; the last bin takes the rest.
            var end = b == Bins - 1 ? sorted.Length : LowerBound(sorted, edges[b]);
            end = Math.Max(end, start);
            var share = (double)(end - start) / sorted.Length;
            shares[b] = share == 0 ? EmptyShare : share;
            start = end;
        }
    }

    private static int LowerBound(ReadOnlySpan<double> sorted, double value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] < value) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }
}
