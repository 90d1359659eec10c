using MLOps.Engine.Statistics;

namespace MLOps.Engine.Contracts;

/// <summary>
/// A seeded uniform sample of at most <see cref="Capacity"/> rows of a stream (reservoir sampling, Li's
/// algorithm L): every row is kept until the sample is full, then each later row replaces a random one with the
/// right probability, skipping ahead so the cost per row is a comparison. Drift statistics use the numbers of the
/// sampled rows, which keeps memory fixed however long the data; below the capacity they use every row.
/// </summary>
internal sealed class RowSample
{
    private SplitMix64 _random;
    private double _w;
    private long _next;
    private long _seen;

    public RowSample(int capacity, ulong seed)
    {
        Capacity = capacity;
        _random = new SplitMix64(seed);
        _w = Math.Exp(Math.Log(Unit()) / capacity);
        _next = capacity + Skip();
    }

    /// <summary>Most rows kept.</summary>
    public int Capacity { get; }

    /// <summary>Rows kept so far.</summary>
    public int Count => (int)Math.Min(_seen, Capacity);

    /// <summary>Offers the next row: the slot to store it in, or -1 to leave it out.</summary>
    public int Offer()
    {
        var row = _seen++;
        if (row < Capacity) return (int)row;
        if (row != _next) return -1;
        var slot = (int)(_random.Next() % (ulong)Capacity);
        _w *= Math.Exp(Math.Log(Unit()) / Capacity);
        _next = row + 1 + Skip();
        return slot;
    }

    private long Skip() => (long)Math.Floor(Math.Log(Unit()) / Math.Log(1 - _w));

    private double Unit()
    {
        double u;
        do u = _random.NextUnit(); while (u == 0);
        return u;
    }
}
