namespace MLOps.Runtime.Monitoring;

/// <summary>
/// Decides, thread-safely and without allocating, whether the n-th scored row is sampled: a hash of n (SplitMix64)
/// below rate · 2⁶⁴, so the share converges to the rate and a seed picks the same rows again.
/// </summary>
internal sealed class Sampler(double rate, ulong seed)
{
    private readonly ulong _threshold = rate >= 1 ? ulong.MaxValue : (ulong)(rate * 18446744073709551616.0);
    private readonly bool _all = rate >= 1;
    private long _seen;

    public bool Never => rate <= 0;

    public bool Next() => _all || Sampled((ulong)Interlocked.Increment(ref _seen));

    /// <summary>Takes the next <paramref name="count"/> row numbers at once (one interlocked add for a batch); the first is returned, the rest follow it.</summary>
    public ulong Reserve(int count) => (ulong)(Interlocked.Add(ref _seen, count) - count) + 1;

    /// <summary>Whether row number <paramref name="n"/> (1-based, as <see cref="Next"/> and <see cref="Reserve"/> count) is sampled.</summary>
    public bool Sampled(ulong n)
    {
        if (_all) return true;
        var z = n + seed;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return (z ^ (z >> 31)) < _threshold;
    }
}
