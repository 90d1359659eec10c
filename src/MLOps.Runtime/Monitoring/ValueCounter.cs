using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MLOps.Runtime.Monitoring;

/// <summary>Counts numbers on fixed edges and sums them, for one column or the predictions of a <see cref="ProfileBuilder"/>.</summary>
internal sealed class ValueCounter
{
    private readonly double[] _edges;
    // Increasing edges padded with +∞ to whole vectors, or null: a value's bin is then the count of edges below it,
    // found without the binary search's unpredictable branches (a profile has at most a few dozen edges).
    private readonly double[]? _padded;
    private double _sum, _sumOfSquares, _min = double.NaN, _max = double.NaN;

    public ValueCounter(IReadOnlyList<double> edges)
    {
        _edges = edges.ToArray();
        Bins = new long[_edges.Length + 1];
        var increasing = true;
        for (var i = 1; i < _edges.Length; i++) increasing &= _edges[i - 1] < _edges[i];
        if (increasing && _edges.Length <= 64 && Vector256.IsHardwareAccelerated)
        {
            _padded = new double[(_edges.Length + 3) / 4 * 4];
            _padded.AsSpan().Fill(double.PositiveInfinity);
            _edges.CopyTo(_padded, 0);
        }
    }

    public long[] Bins { get; }
    public long Missing { get; private set; }

    /// <summary>Counts <paramref name="value"/> and returns its bin, or -1 when it is missing (NaN).</summary>
    public int Add(double value)
    {
        if (double.IsNaN(value))
        {
            Missing++;
            return -1;
        }
        var bin = _padded is null ? Histogram.BinOf(_edges, value) : EdgesBelow(_padded, value);
        Bins[bin]++;
        _sum += value;
        _sumOfSquares += value * value;
        // NaN compares false, so the first value sets both.
        if (!(value >= _min)) _min = value;
        if (!(value <= _max)) _max = value;
        return bin;
    }

    /// <summary>How many of <paramref name="padded"/> are below <paramref name="value"/> (not NaN): <see cref="Histogram.BinOf"/> for increasing edges.</summary>
    private static int EdgesBelow(double[] padded, double value)
    {
        var v = Vector256.Create(value);
        var count = 0;
        ref var start = ref MemoryMarshal.GetArrayDataReference(padded);
        for (var i = 0; i < padded.Length; i += 4)
            count += BitOperations.PopCount(Vector256.LessThan(Vector256.LoadUnsafe(ref start, (nuint)i), v).ExtractMostSignificantBits());
        return count;
    }

    public Histogram ToHistogram() => new(_edges, (long[])Bins.Clone());

    public ValueSummary ToSummary() => double.IsNaN(_min) ? ValueSummary.Empty : new(_sum, _sumOfSquares, _min, _max);
}
