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
    public int Of(int row) => row % groups == group ? 0 : 1;
}

/// <summary>
/// Poisson(1) weights of one bootstrap resample, computed from (resample key, row) by a counter-based hash: the
/// same weight wherever and in whatever order a row is visited, so each metric walks rows in its own sort order
/// and both models of a pair see the same resample. Counts above 9 (probability 1e-7) are capped at 9.
/// </summary>
public readonly struct PoissonWeights(ulong key) : IRowWeights
{
    // floor(P(K ≤ k) · 2³²) for K ~ Poisson(1), k = 0…8.
    private const uint T0 = 1580030168, T1 = 3160060337, T2 = 3950075421, T3 = 4213413783, T4 = 4279248373, T5 = 4292415291, T6 = 4294609777, T7 = 4294923276, T8 = 4294962463;

    public int Of(int row)
    {
        var z = (ulong)row * 0x9E3779B97F4A7C15UL + key;
        z = (z ^ (z >> 32)) * 0xD6E8FEB86659FD93UL;
        var u = (uint)(z ^ (z >> 32));
        return (u > T0 ? 1 : 0) + (u > T1 ? 1 : 0) + (u > T2 ? 1 : 0) + (u > T3 ? 1 : 0) + (u > T4 ? 1 : 0)
            + (u > T5 ? 1 : 0) + (u > T6 ? 1 : 0) + (u > T7 ? 1 : 0) + (u > T8 ? 1 : 0);
    }
}
