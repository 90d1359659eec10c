namespace MLOps.Engine.Statistics;

/// <summary>SplitMix64: tiny, fast, and ours, so resamples never change with the .NET version.</summary>
internal struct SplitMix64(ulong state)
{
    private ulong _state = state;

    public ulong Next() => Mix(_state += 0x9E3779B97F4A7C15UL);

    /// <summary>SplitMix64's finalizer: a well-mixed 64-bit value of <paramref name="z"/>, for draws keyed by a counter.</summary>
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextUnit() => (Next() >> 11) * (1.0 / (1UL << 53));

}
