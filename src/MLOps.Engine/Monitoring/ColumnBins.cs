using MLOps.Runtime.Monitoring;

namespace MLOps.Engine.Monitoring;

/// <summary>
/// How the reference profile cut one column into bins: a number column by its ascending inner edges (k − 1 edges, k
/// bins, bin b holding values in (edge[b−1], edge[b]], the outer bins open, as the profile's histograms), a category column by its levels (one bin
/// per level and a last bin for values the reference never saw). Missing values are counted apart from the bins.
/// </summary>
public sealed record ColumnBins(string Name, bool IsNumber, double[] Edges, string[] Levels)
{
    /// <summary>Bins a count vector has: edges + 1 for numbers, levels + 1 (the unseen bin) for categories.</summary>
    public int BinCount => (IsNumber ? Edges.Length : Levels.Length) + 1;

    /// <summary>A number column's bins.</summary>
    public static ColumnBins Numbers(string name, double[] edges) => new(name, true, edges, []);

    /// <summary>A category column's bins.</summary>
    public static ColumnBins Categories(string name, string[] levels) => new(name, false, [], levels);

    /// <summary>The bin of a number (not NaN): how many edges are below it.</summary>
    public int BinOf(double value) => Histogram.BinOf(Edges, value);
}

/// <summary>
/// Counts of one column on its reference bins, with its missing values and, for categories, the values the reference
/// never saw (all counted in the last bin) by name.
/// </summary>
public sealed record BinCounts(long[] Counts, long Missing, IReadOnlyDictionary<string, long> Unseen)
{
    /// <summary>Rows with a value.</summary>
    public long Present => Counts.Sum();

    /// <summary>Rows in all.</summary>
    public long Rows => Present + Missing;

    /// <summary>Counts without unseen names.</summary>
    public static BinCounts Of(long[] counts, long missing) => new(counts, missing, new Dictionary<string, long>());

    /// <summary>Two count vectors on the same bins added up (profiles of two chunks or two app instances).</summary>
    public BinCounts Plus(BinCounts other)
    {
        var counts = Counts.Zip(other.Counts, (a, b) => a + b).ToArray();
        var unseen = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var (level, count) in Unseen.Concat(other.Unseen)) unseen[level] = unseen.GetValueOrDefault(level) + count;
        return new BinCounts(counts, Missing + other.Missing, unseen);
    }
}
