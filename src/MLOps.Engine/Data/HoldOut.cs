using MLOps.Engine.Statistics;

namespace MLOps.Engine.Data;

/// <summary>
/// The seeded split used when a project has no <c>EvaluationData</c>: each row is held out with probability
/// <see cref="Share"/>, from a <see cref="SplitMix64"/> stream (ours, so the split never changes with the .NET version).
/// </summary>
public static class HoldOut
{
    public const double Share = 0.2;

    /// <summary>True for rows held out: a <paramref name="share"/> of them (by default <see cref="Share"/>, for evaluation).</summary>
    public static bool[] Mask(int rows, int seed, double share = Share)
    {
        var random = new SplitMix64(unchecked((ulong)seed * 0x9E3779B97F4A7C15UL + 0x632BE59BD9B4E019UL));
        var mask = new bool[rows];
        for (var i = 0; i < rows; i++) mask[i] = random.NextUnit() < share;
        return mask;
    }
}
