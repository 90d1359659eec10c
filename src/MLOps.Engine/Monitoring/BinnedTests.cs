using MLOps.Engine.Drift;

namespace MLOps.Engine.Monitoring;

/// <summary>
/// The build's drift statistics on binned counts (a profile keeps bins, not rows): Kolmogorov–Smirnov's D is the
/// largest gap between the two cumulative shares at the bin edges (at most the unbinned D, so its p-value is
/// conservative), PSI and the Wasserstein distance are read off the same shares, chi-square and Jensen–Shannon take
/// the counts as they are. Missing values are left out of all of them (the missing rate is tested apart).
/// </summary>
public static class BinnedTests
{
    private const double EmptyShare = 1e-4;

    /// <summary>Two-sample KS on counts over the same ordered bins: D and its asymptotic p-value (as the build's KS past 10,000 rows).</summary>
    public static TwoSampleTest KolmogorovSmirnov(ReadOnlySpan<long> reference, ReadOnlySpan<long> current)
    {
        double n1 = Sum(reference), n2 = Sum(current);
        if (n1 == 0 || n2 == 0) return new TwoSampleTest(0, 1, "binned, no values");
        double c1 = 0, c2 = 0, d = 0;
        for (var b = 0; b < reference.Length; b++)
        {
            c1 += reference[b];
            c2 += current[b];
            d = Math.Max(d, Math.Abs(c1 / n1 - c2 / n2));
        }
        var effective = (int)Math.Max(1, Math.Round(n1 * n2 / (n1 + n2), MidpointRounding.ToEven));
        return new TwoSampleTest(d, Math.Clamp(KolmogorovDistribution.Survival(effective, d), 0, 1), "binned asymptotic");
    }

    /// <summary>PSI = Σ (current − reference) · ln(current / reference) over the bins' shares, an empty bin's share taken as 1e-4.</summary>
    public static double PopulationStability(ReadOnlySpan<long> reference, ReadOnlySpan<long> current)
    {
        double n1 = Sum(reference), n2 = Sum(current), psi = 0;
        if (n1 == 0 || n2 == 0) return 0;
        for (var b = 0; b < reference.Length; b++)
        {
            var expected = Share(reference[b], n1);
            var actual = Share(current[b], n2);
            psi += (actual - expected) * Math.Log(actual / expected);
        }
        return psi;
    }

    /// <summary>∫ |F₁ − F₂| over the inner edges, each share spread evenly inside its bin (outer bins add nothing: their width is unknown).</summary>
    public static double Wasserstein(ReadOnlySpan<long> reference, ReadOnlySpan<long> current, ReadOnlySpan<double> edges)
    {
        double n1 = Sum(reference), n2 = Sum(current);
        if (n1 == 0 || n2 == 0 || edges.Length < 2) return 0;
        double c1 = reference[0], c2 = current[0], distance = 0;
        for (var e = 0; e + 1 < edges.Length; e++)
        {
            var before = Math.Abs(c1 / n1 - c2 / n2);
            c1 += reference[e + 1];
            c2 += current[e + 1];
            var after = Math.Abs(c1 / n1 - c2 / n2);
            distance += (before + after) / 2 * (edges[e + 1] - edges[e]);
        }
        return distance;
    }

    private static double Share(long count, double total) => count == 0 ? EmptyShare : count / total;

    private static double Sum(ReadOnlySpan<long> counts)
    {
        long total = 0;
        foreach (var c in counts) total += c;
        return total;
    }
}
