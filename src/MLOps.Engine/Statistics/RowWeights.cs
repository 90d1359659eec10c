namespace MLOps.Engine.Statistics;

/// <summary>How many times each row counts in one evaluation of a metric (struct, so metric loops specialize and inline it).</summary>
public interface IRowWeights
{
    int Of(int row);
}

/// <summary>Every row once: the observed metric.</summary>
public readonly struct UnitWeights : IRowWeights
{
    public int Of(int row) => 1;
}

/// <summary>Every row once except those of one jackknife group (rows with <c>row % groups == group</c>).</summary>
public readonly struct OmitGroup(int group, int groups) : IRowWeights
{
    // Lemire's remainder by multiplication (exact for 32-bit rows): a division per row was much of the jackknife's time.
    private readonly ulong _inverse = ulong.MaxValue / (uint)groups + 1;

    public int Of(int row) => Math.BigMul(_inverse * (uint)row, (ulong)(uint)groups, out _) == (ulong)group ? 0 : 1;
}

/// <summary>
/// Poisson(1) weights of one bootstrap resample, computed from (resample key, row) by a counter-based 32-bit hash
/// (murmur3's finalizer): the same weight wherever and in whatever order a row is visited, so each metric walks
/// rows in its own sort order and both models of a pair see the same resample. <see cref="PoissonBlocks"/> computes
/// the same values eight rows at a time. Counts above 9 (probability 1e-7) are capped at 9.
/// </summary>
public readonly struct PoissonWeights(ulong key) : IRowWeights
{
    // floor(P(K ≤ k) · 2³²) for K ~ Poisson(1), k = 0…8.
    internal static readonly uint[] Thresholds = [1580030168, 3160060337, 3950075421, 4213413783, 4279248373, 4292415291, 4294609777, 4294923276, 4294962463];
    internal const uint Multiplier = 0x9E3779B1u;

    internal uint Key32 { get; } = (uint)key ^ (uint)(key >> 32);

    public int Of(int row)
    {
        var u = Mix((uint)row * Multiplier + Key32);
        var k = 0;
        foreach (var t in Thresholds) k += u > t ? 1 : 0;
        return k;
    }

    internal static uint Mix(uint x)
    {
        x ^= x >> 16;
        x *= 0x85EBCA6Bu;
        x ^= x >> 13;
        x *= 0xC2B2AE35u;
        return x ^ (x >> 16);
    }
}
