using System.Text.Json.Serialization;

namespace MLOps.Runtime.Monitoring;

/// <summary>
/// Counts of values on fixed bin edges. With edges <c>e[0] &lt; … &lt; e[n-1]</c> there are <c>n + 1</c> bins: bin 0 holds
/// values ≤ <c>e[0]</c>, bin <c>i</c> values in (<c>e[i-1]</c>, <c>e[i]</c>], bin <c>n</c> values &gt; <c>e[n-1]</c>. The
/// edges come from the reference profile, so two profiles compare bin by bin and merge by adding counts.
/// </summary>
public sealed record Histogram(IReadOnlyList<double> Edges, IReadOnlyList<long> Counts)
{
    /// <summary>The bin of <paramref name="value"/> (not NaN): the number of edges below it.</summary>
    public static int BinOf(ReadOnlySpan<double> edges, double value)
    {
        int low = 0, high = edges.Length;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (edges[middle] < value) low = middle + 1;
            else high = middle;
        }
        return low;
    }

    /// <summary>Sum of the counts (not stored: it follows from them).</summary>
    [JsonIgnore]
    public long Total => Counts.Sum();

    /// <summary>Whether both have the same edges, bit for bit.</summary>
    public bool SameEdges(Histogram other) => Edges.SequenceEqual(other.Edges);

    internal static Histogram Merge(Histogram a, Histogram b, string what)
    {
        if (!a.SameEdges(b)) throw ProfileMismatch.Of($"{what} has different bin edges");
        return new(a.Edges, Add(a.Counts, b.Counts));
    }

    internal static long[] Add(IReadOnlyList<long> a, IReadOnlyList<long> b)
    {
        var sum = new long[a.Count];
        for (var i = 0; i < sum.Length; i++) sum[i] = checked(a[i] + b[i]);
        return sum;
    }
}
