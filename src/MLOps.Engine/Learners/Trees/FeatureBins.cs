using System.Runtime.CompilerServices;

namespace MLOps.Engine.Learners.Trees;

/// <summary>
/// Every feature's values replaced by a bin number, LightGBM's way: bin 0 holds missing values, bins 1…k hold
/// values up to <see cref="UpperBounds"/>[f][b − 1], cut at quantiles of the training values (never inside a
/// run of equal values), at most <c>maxBins − 1</c> value bins. A split "bin ≤ b" is the split "value ≤ upper
/// bound of b", which is what the model file stores, so scoring raw values agrees with training on bins.
/// </summary>
internal sealed class FeatureBins
{
    private const int SampleLimit = 200_000;

    private FeatureBins(byte[][] bins, double[][] upperBounds, int rows)
    {
        Bins = bins;
        UpperBounds = upperBounds;
        Rows = rows;
    }

    /// <summary>Per feature, each row's bin.</summary>
    public byte[][] Bins { get; }
    /// <summary>Per feature, the upper bound of value bins 1…k (the last is +∞).</summary>
    public double[][] UpperBounds { get; }
    public int Rows { get; }
    public int Features => Bins.Length;

    /// <summary>Bins in use by feature <paramref name="f"/>, counting the missing bin.</summary>
    public int BinCount(int f) => UpperBounds[f].Length + 1;

    /// <summary>Fits bin bounds on training columns (NaN = missing) and bins them.</summary>
    public static FeatureBins Fit(IReadOnlyList<double[]> columns, int maxBins, int threads)
    {
        var rows = columns.Count == 0 ? 0 : columns[0].Length;
        var bounds = new double[columns.Count][];
        var bins = new byte[columns.Count][];
        Parallel.For(0, columns.Count, new ParallelOptions { MaxDegreeOfParallelism = threads }, f =>
        {
            bounds[f] = Bounds(columns[f], maxBins - 1);
            bins[f] = Apply(columns[f], bounds[f]);
        });
        return new FeatureBins(bins, bounds, rows);
    }

    /// <summary>Bins other rows (validation data) with these bounds.</summary>
    public FeatureBins Apply(IReadOnlyList<double[]> columns) =>
        new(columns.Select((c, f) => Apply(c, UpperBounds[f])).ToArray(), UpperBounds, columns.Count == 0 ? 0 : columns[0].Length);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static byte[] Apply(double[] values, double[] bounds)
    {
        // Branch-free lower bound (the first bound ≥ v; the last is +∞, so there always is one), four values at a
        // time: their searches are independent, so the processor overlaps them.
        var bins = new byte[values.Length];
        var r = 0;
        for (; r + 4 <= values.Length; r += 4)
        {
            double v0 = values[r], v1 = values[r + 1], v2 = values[r + 2], v3 = values[r + 3];
            int l0 = 0, l1 = 0, l2 = 0, l3 = 0;
            for (var length = bounds.Length; length > 1; length -= length / 2)
            {
                var half = length / 2;
                l0 += half * Unsafe.BitCast<bool, byte>(bounds[l0 + half - 1] < v0);
                l1 += half * Unsafe.BitCast<bool, byte>(bounds[l1 + half - 1] < v1);
                l2 += half * Unsafe.BitCast<bool, byte>(bounds[l2 + half - 1] < v2);
                l3 += half * Unsafe.BitCast<bool, byte>(bounds[l3 + half - 1] < v3);
            }
            bins[r] = Bin(v0, l0);
            bins[r + 1] = Bin(v1, l1);
            bins[r + 2] = Bin(v2, l2);
            bins[r + 3] = Bin(v3, l3);
        }
        for (; r < values.Length; r++)
        {
            var v = values[r];
            var lo = 0;
            for (var length = bounds.Length; length > 1; length -= length / 2)
                lo += length / 2 * Unsafe.BitCast<bool, byte>(bounds[lo + length / 2 - 1] < v);
            bins[r] = Bin(v, lo);
        }
        return bins;
    }

    /// <summary>Bin 0 for missing (NaN compares false everywhere, so its search result is ignored), else the bound's index + 1.</summary>
    private static byte Bin(double value, int lowerBound) => double.IsNaN(value) ? (byte)0 : (byte)(lowerBound + 1);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double[] Bounds(double[] values, int valueBins)
    {
        // A deterministic, evenly spread sample keeps fitting cheap on millions of rows.
        var stride = Math.Max(1, values.Length / SampleLimit);
        var sorted = new double[(values.Length + stride - 1) / stride];
        var m = 0;
        for (var r = 0; r < values.Length; r += stride)
            if (!double.IsNaN(values[r])) sorted[m++] = values[r];
        if (m == 0) return [double.PositiveInfinity];
        Array.Sort(sorted, 0, m);
        var distinct = 1;
        for (var i = 1; i < m; i++)
            if (sorted[i] != sorted[i - 1]) distinct++;
        var bounds = new List<double>(Math.Min(distinct, valueBins));
        // Cut between runs of equal values: after every run when there are few, else when a run ends past the next quantile.
        var perBin = distinct <= valueBins ? 0 : (double)m / valueBins;
        for (var i = 0; i + 1 < m && bounds.Count < valueBins - 1; i++)
        {
            if (sorted[i] == sorted[i + 1]) continue;
            if (perBin == 0 || i + 1 >= (bounds.Count + 1) * perBin) bounds.Add(Between(sorted[i], sorted[i + 1]));
        }
        bounds.Add(double.PositiveInfinity);
        return bounds.ToArray();
    }

    /// <summary>A threshold t with a ≤ t &lt; b.</summary>
    private static double Between(double a, double b)
    {
        var t = a + (b - a) / 2;
        return t < b ? t : a;
    }
}
