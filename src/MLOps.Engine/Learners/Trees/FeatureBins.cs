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

    private static byte[] Apply(double[] values, double[] bounds)
    {
        var bins = new byte[values.Length];
        for (var r = 0; r < values.Length; r++)
        {
            var v = values[r];
            if (double.IsNaN(v)) continue;
            int lo = 0, hi = bounds.Length - 1; // first bound ≥ v; the last is +∞
            while (lo < hi)
            {
                var mid = (lo + hi) >>> 1;
                if (bounds[mid] < v) lo = mid + 1;
                else hi = mid;
            }
            bins[r] = (byte)(lo + 1);
        }
        return bins;
    }

    private static double[] Bounds(double[] values, int valueBins)
    {
        // A deterministic, evenly spread sample keeps fitting cheap on millions of rows.
        var stride = Math.Max(1, values.Length / SampleLimit);
        var sample = new List<double>(Math.Min(values.Length, SampleLimit + 1));
        for (var r = 0; r < values.Length; r += stride)
            if (!double.IsNaN(values[r])) sample.Add(values[r]);
        if (sample.Count == 0) return [double.PositiveInfinity];
        var sorted = sample.ToArray();
        Array.Sort(sorted);
        var distinct = new List<(double Value, int Count)>();
        foreach (var v in sorted)
        {
            if (distinct.Count > 0 && distinct[^1].Value == v) distinct[^1] = (v, distinct[^1].Count + 1);
            else distinct.Add((v, 1));
        }
        var bounds = new List<double>();
        if (distinct.Count <= valueBins)
        {
            for (var i = 0; i + 1 < distinct.Count; i++) bounds.Add(Between(distinct[i].Value, distinct[i + 1].Value));
        }
        else
        {
            var perBin = (double)sorted.Length / valueBins;
            var cumulative = 0L;
            for (var i = 0; i + 1 < distinct.Count && bounds.Count < valueBins - 1; i++)
            {
                cumulative += distinct[i].Count;
                if (cumulative >= (bounds.Count + 1) * perBin) bounds.Add(Between(distinct[i].Value, distinct[i + 1].Value));
            }
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
