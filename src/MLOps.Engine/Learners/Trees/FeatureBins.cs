using System.Runtime.CompilerServices;
using MLOps.Engine.Statistics;
using MLOps.Runtime;

namespace MLOps.Engine.Learners.Trees;

/// <summary>
/// Every feature's values replaced by a bin number: bin 0 holds missing values, bins 1…k hold values up to
/// <see cref="UpperBounds"/>[f][b − 1], cut where scikit-learn's HistGradientBoosting cuts (midpoints between distinct
/// values when there are few, else percentiles of the training values), at most <c>maxBins</c> value bins. A split
/// "bin ≤ b" is the split "value ≤ upper bound of b", which is what the model file stores, so scoring raw values
/// agrees with training on bins.
/// </summary>
internal sealed class FeatureBins
{
    private const int SampleLimit = 200_000;
    /// <summary>Batches <see cref="FitTaking"/> bins in: the first batch's bins are the only ones that need fresh memory.</summary>
    private const int TakingBatches = 4;

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

    /// <summary>Fits bin bounds on training columns (NaN = missing) and bins them; <paramref name="cancel"/> is checked between features.</summary>
    public static FeatureBins Fit(IReadOnlyList<double[]> columns, int maxBins, int threads, CancellationToken cancel = default)
    {
        var rows = columns.Count == 0 ? 0 : columns[0].Length;
        var bounds = new double[columns.Count][];
        var bins = new byte[columns.Count][];
        BinFeatures(0, columns.Count, f => columns[f], rows, maxBins, threads, bounds, bins, cancel);
        return new FeatureBins(bins, bounds, rows);
    }

    /// <summary>
    /// <see cref="Fit(IReadOnlyList{double[]}, int, int, CancellationToken)"/> that takes the columns: each entry is set
    /// to null once its batch is binned, so a caller that holds them nowhere else gets their memory back while binning. The features
    /// are binned in a few batches with a full collection between two (only a full one frees large arrays) when a batch
    /// freed at least <paramref name="collectBytes"/>: the next batch's bins then take the freed columns' memory instead
    /// of the process growing by them while every column is still alive.
    /// </summary>
    public static FeatureBins FitTaking(double[]?[] columns, int maxBins, int threads, long collectBytes, CancellationToken cancel = default)
    {
        var rows = columns.Length == 0 ? 0 : columns[0]!.Length;
        var bounds = new double[columns.Length][];
        var bins = new byte[columns.Length][];
        var batch = Math.Max(threads, (columns.Length + TakingBatches - 1) / TakingBatches);
        for (var start = 0; start < columns.Length; start += batch)
        {
            var end = Math.Min(columns.Length, start + batch);
            BinFeatures(start, end, f => columns[f]!, rows, maxBins, threads, bounds, bins, cancel);
            for (var f = start; f < end; f++) columns[f] = null;
            if (end < columns.Length && (long)rows * (end - start) * sizeof(double) >= collectBytes)
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true);
        }
        return new FeatureBins(bins, bounds, rows);
    }

    private static void BinFeatures(int start, int end, Func<int, double[]> column, int rows, int maxBins, int threads, double[][] bounds, byte[][] bins,
        CancellationToken cancel)
    {
        // Each thread reuses one sample buffer: fresh memory costs more in page faults than the sort does.
        Parallel.For(start, end, new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = cancel }, () => new double[SampleSize(rows)], (f, _, sample) =>
        {
            var values = column(f);
            bounds[f] = Bounds(values, maxBins, sample);
            bins[f] = Apply(values, bounds[f]);
            return sample;
        }, _ => { });
    }

    /// <summary>Bins other rows (validation data) with these bounds.</summary>
    public FeatureBins Apply(IReadOnlyList<double[]> columns) =>
        new(columns.Select((c, f) => Apply(c, UpperBounds[f])).ToArray(), UpperBounds, columns.Count == 0 ? 0 : columns[0].Length);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static byte[] Apply(double[] values, double[] bounds)
    {
        // The bin of v is 1 + the number of bounds below v (the last bound is +∞, so that is the first bound ≥ v).
        var counter = new ThresholdCounter(bounds);
        var bins = GC.AllocateUninitializedArray<byte>(values.Length);
        for (var r = 0; r < values.Length; r++) bins[r] = Bin(values[r], counter.Below(values[r]));
        return bins;
    }

    /// <summary>Bin 0 for missing (NaN compares false everywhere, so its search result is ignored), else the bound's index + 1.</summary>
    private static byte Bin(double value, int lowerBound) => double.IsNaN(value) ? (byte)0 : (byte)(lowerBound + 1);

    private static int SampleSize(int rows)
    {
        var stride = Math.Max(1, rows / SampleLimit);
        return (rows + stride - 1) / stride;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double[] Bounds(double[] values, int valueBins, double[] sorted)
    {
        // A deterministic, evenly spread sample keeps fitting cheap on millions of rows.
        var stride = Math.Max(1, values.Length / SampleLimit);
        var m = 0;
        for (var r = 0; r < values.Length; r += stride)
            if (!double.IsNaN(values[r])) sorted[m++] = values[r];
        if (m == 0) return [double.PositiveInfinity];
        RadixSort.Sort(sorted.AsSpan(0, m));
        var distinct = 1;
        for (var i = 1; i < m; i++)
            if (sorted[i] != sorted[i - 1]) distinct++;
        // scikit-learn's HistGradientBoosting thresholds, so that both learn from the same bins: with few distinct values,
        // the midpoint between each two; else the sample's percentiles at 100·i/valueBins (numpy's "midpoint" method).
        var bounds = new List<double>(Math.Min(distinct, valueBins));
        if (distinct <= valueBins)
        {
            for (var i = 0; i + 1 < m; i++)
                if (sorted[i] != sorted[i + 1]) bounds.Add(Between(sorted[i], sorted[i + 1]));
        }
        else
        {
            var step = 100.0 / valueBins; // as numpy.linspace(0, 100, valueBins + 1) computes it
            for (var i = 1; i < valueBins; i++)
            {
                var position = (m - 1) * (i * step / 100);
                var below = (int)Math.Floor(position);
                // numpy: the value itself at a whole position, else b − (b − a)·0.5 between its neighbors a and b
                var threshold = below == position ? sorted[below] : sorted[below + 1] - (sorted[below + 1] - sorted[below]) * 0.5;
                if (double.IsNaN(threshold)) threshold = sorted[below]; // ∞ − ∞ next to an infinite value
                if (bounds.Count == 0 || threshold > bounds[^1]) bounds.Add(threshold);
            }
        }
        if (bounds.Count == 0 || bounds[^1] != double.PositiveInfinity) bounds.Add(double.PositiveInfinity);
        return bounds.ToArray();
    }

    /// <summary>The midpoint (a + b)·0.5 as numpy computes it, kept to a ≤ t &lt; b where rounding or overflow would break that.</summary>
    private static double Between(double a, double b)
    {
        var t = (a + b) * 0.5;
        if (a <= t && t < b) return t;
        t = a + (b - a) / 2;
        return t < b ? t : a;
    }
}
