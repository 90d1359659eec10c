namespace MLOps.Runtime.Monitoring;

/// <summary>Where a reference profile puts its bins and which category values it counts one by one.</summary>
public static class ProfileEdges
{
    /// <summary>Edges of a predicted probability: <see cref="ProfileLimits.ProbabilityBins"/> equal bins on [0, 1].</summary>
    public static IReadOnlyList<double> Probability { get; } =
        Enumerable.Range(1, ProfileLimits.ProbabilityBins - 1).Select(i => (double)i / ProfileLimits.ProbabilityBins).ToArray();

    /// <summary>The edge of a boolean column: false (0) in the first bin, true (1) in the second.</summary>
    public static IReadOnlyList<double> Boolean { get; } = [0.0];

    /// <summary>
    /// Quantile edges of <paramref name="sorted"/> (ascending, no NaN): the values at ranks n·i/bins for i = 1 … bins−1
    /// (the lower quantile, always a value of the data), without repeats, so each bin (e[i-1], e[i]] holds about n/bins
    /// values and a value that repeats a lot gets a bin of its own.
    /// </summary>
    public static IReadOnlyList<double> Quantiles(ReadOnlySpan<double> sorted, int bins = ProfileLimits.Bins)
    {
        var edges = new List<double>(bins);
        if (sorted.Length == 0) return edges;
        for (var i = 1; i < bins; i++)
        {
            var rank = (int)Math.Ceiling((double)sorted.Length * i / bins) - 1;
            var edge = sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
            // The greatest value as an edge would leave the last bin empty in the reference.
            if (edge < sorted[^1] && (edges.Count == 0 || edge > edges[^1])) edges.Add(edge);
        }
        return edges;
    }

    /// <summary>The most frequent values (at most <paramref name="limit"/>), most frequent first, ties in ordinal order.</summary>
    public static IReadOnlyList<string> TopCategories(IEnumerable<KeyValuePair<string, long>> counts, int limit = ProfileLimits.Categories) =>
        counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Take(limit).Select(c => c.Key).ToArray();
}
