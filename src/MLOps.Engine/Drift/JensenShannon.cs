namespace MLOps.Engine.Drift;

/// <summary>
/// The Jensen–Shannon distance (base 2, so between 0 and 1) between two distributions over the same categories,
/// as scipy's <c>spatial.distance.jensenshannon(p, q, base=2)</c>: the square root of the divergence.
/// </summary>
public static class JensenShannon
{
    /// <summary>The distance between two count (or weight) vectors over the same categories.</summary>
    public static double Distance(ReadOnlySpan<long> first, ReadOnlySpan<long> second)
    {
        double totalP = 0, totalQ = 0;
        for (var i = 0; i < first.Length; i++)
        {
            totalP += first[i];
            totalQ += second[i];
        }
        double left = 0, right = 0;
        for (var i = 0; i < first.Length; i++)
        {
            double p = first[i] / totalP, q = second[i] / totalQ, m = (p + q) / 2;
            left += RelativeEntropy(p, m);
            right += RelativeEntropy(q, m);
        }
        var divergence = (left + right) / 2 / Math.Log(2);
        return Math.Sqrt(Math.Max(divergence, 0));
    }

    private static double RelativeEntropy(double x, double y) => x > 0 ? x * Math.Log(x / y) : 0;
}
