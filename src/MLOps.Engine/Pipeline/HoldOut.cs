namespace MLOps.Engine.Pipeline;

/// <summary>
/// The seeded split used when a project has no <c>EvaluationData</c>: each row is held out with probability
/// <see cref="Share"/>, from a SplitMix64 stream (our own, so the split never changes with the .NET version).
/// </summary>
public static class HoldOut
{
    public const double Share = 0.2;

    /// <summary>True for rows held out for evaluation.</summary>
    public static bool[] Mask(int rows, int seed)
    {
        var state = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL + 0x632BE59BD9B4E019UL);
        var mask = new bool[rows];
        for (var i = 0; i < rows; i++)
        {
            var z = state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            mask[i] = (z >> 11) * (1.0 / (1UL << 53)) < Share;
        }
        return mask;
    }
}
