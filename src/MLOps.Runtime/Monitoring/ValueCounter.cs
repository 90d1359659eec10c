namespace MLOps.Runtime.Monitoring;

/// <summary>Counts numbers on fixed edges and sums them, for one column or the predictions of a <see cref="ProfileBuilder"/>.</summary>
internal sealed class ValueCounter
{
    private readonly double[] _edges;
    private double _sum, _sumOfSquares, _min = double.NaN, _max = double.NaN;

    public ValueCounter(IReadOnlyList<double> edges)
    {
        _edges = edges.ToArray();
        Bins = new long[_edges.Length + 1];
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
        var bin = Histogram.BinOf(_edges, value);
        Bins[bin]++;
        _sum += value;
        _sumOfSquares += value * value;
        // NaN compares false, so the first value sets both.
        if (!(value >= _min)) _min = value;
        if (!(value <= _max)) _max = value;
        return bin;
    }

    public Histogram ToHistogram() => new(_edges, (long[])Bins.Clone());

    public ValueSummary ToSummary() => double.IsNaN(_min) ? ValueSummary.Empty : new(_sum, _sumOfSquares, _min, _max);
}
