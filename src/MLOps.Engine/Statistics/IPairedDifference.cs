namespace MLOps.Engine.Statistics;

/// <summary>
/// A difference between two models on the same rows that can be evaluated under row weights: what the bootstrap
/// resamples. Metrics implement it (Metrics.PairedMetric); statistics need not know which metric it is.
/// </summary>
public interface IPairedDifference
{
    /// <summary>The difference when row i counts <c>weights.Of(i)</c> times.</summary>
    double Difference<TWeights>(TWeights weights) where TWeights : struct, IRowWeights;

    /// <summary><see cref="PoissonBlocks.Lanes"/> resamples at once, one per key.</summary>
    void ResampleLanes(ReadOnlySpan<ulong> keys, Span<double> differences);

    /// <summary>The difference with each of <paramref name="groups"/> row groups left out in turn (BCa's acceleration), in one pass where the metric can.</summary>
    double[] Jackknife(int groups);
}
