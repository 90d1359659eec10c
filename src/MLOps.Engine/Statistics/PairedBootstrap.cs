namespace MLOps.Engine.Statistics;

/// <summary>The bootstrap distribution of candidate − baseline for one metric, with its confidence bounds.</summary>
public sealed record BootstrapResult(double Observed, double[] Differences, double Bias, double Acceleration)
{
    /// <summary>The <paramref name="level"/> quantile of the difference, BCa-adjusted (plain percentile when <paramref name="bca"/> is false).</summary>
    public double Quantile(double level, bool bca = true)
    {
        var p = level;
        if (bca && double.IsFinite(Bias) && double.IsFinite(Acceleration))
        {
            var z = SpecialFunctions.NormalQuantile(level);
            p = SpecialFunctions.NormalCdf(Bias + (Bias + z) / (1 - Acceleration * (Bias + z)));
        }
        var sorted = Differences;
        var position = Math.Clamp(p, 0, 1) * (sorted.Length - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }

    /// <summary>Share of resampled differences at or below <paramref name="value"/>: a one-sided bootstrap p-value for "difference ≤ value".</summary>
    public double ShareAtOrBelow(double value)
    {
        var index = Array.BinarySearch(Differences, value);
        var count = index >= 0 ? index + 1 : ~index;
        while (index >= 0 && count < Differences.Length && Differences[count] == value) count++;
        return (double)count / Differences.Length;
    }
}

/// <summary>
/// Paired Poisson bootstrap of a metric difference between two models scored on the same rows: in resample r each
/// row counts Poisson(1) times, from a hash of (seed, r, row), the large-sample equivalent of drawing n rows with
/// replacement (Hanley and MacGibbon, 2006) that needs no shared count array. Results are the same for any number
/// of threads. BCa's acceleration comes from a grouped jackknife (at most <see cref="JackknifeGroups"/> groups).
/// </summary>
public static class PairedBootstrap
{
    public const int JackknifeGroups = 200;

    public static BootstrapResult Run(IPairedDifference metric, int rows, int resamples, int seed, CancellationToken cancel = default)
    {
        var observed = metric.Difference(new UnitWeights());
        var differences = new double[resamples];
        // Resamples go in groups of 16 that walk the rows together; resample r's key depends only on (seed, r),
        // so grouping changes no result.
        const int lanes = PoissonBlocks.Lanes;
        Parallel.For(0, (resamples + lanes - 1) / lanes, new ParallelOptions { CancellationToken = cancel }, g =>
        {
            var first = g * lanes;
            Span<ulong> keys = stackalloc ulong[lanes];
            Span<double> values = stackalloc double[lanes];
            for (var k = 0; k < lanes; k++)
                keys[k] = new SplitMix64(unchecked((ulong)seed * 0x9E3779B97F4A7C15UL ^ (ulong)(first + k) * 0xD1B54A32D192ED03UL)).Next();
            metric.ResampleLanes(keys, values);
            values[..Math.Min(lanes, resamples - first)].CopyTo(differences.AsSpan(first));
        });
        Array.Sort(differences);

        var below = differences.Count(d => d < observed) + 0.5 * differences.Count(d => d == observed);
        var bias = SpecialFunctions.NormalQuantile(below / resamples);
        return new BootstrapResult(observed, differences, bias, Acceleration(metric, rows));
    }

    private static double Acceleration(IPairedDifference metric, int rows)
    {
        var groups = Math.Min(rows, JackknifeGroups);
        var estimates = metric.Jackknife(groups);
        var mean = estimates.Average();
        double cubes = 0, squares = 0;
        foreach (var e in estimates)
        {
            var d = mean - e;
            cubes += d * d * d;
            squares += d * d;
        }
        return squares == 0 ? 0 : cubes / (6 * Math.Pow(squares, 1.5));
    }
}
