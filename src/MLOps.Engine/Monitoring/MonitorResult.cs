using MLOps.Engine.Vocabulary;

namespace MLOps.Engine.Monitoring;

/// <summary>
/// What monitoring concluded, worst first: performance degraded (realized with labels, or the estimate's whole band
/// below the package's value), drift (a data or prediction drift check fired), or healthy.
/// </summary>
public enum MonitorVerdict { Healthy, Drift, Degraded }

/// <summary>A part of the current data (a day of the log, so many rows), labelled and scored where labels were joined.</summary>
public sealed record CurrentChunk(string Label, CurrentData Data, double[]? Labels, double[]? Scores);

/// <summary>One chunk's primary metric: estimated without labels (with its band) and realized where labels were joined.</summary>
public sealed record ChunkPerformance(string Label, long Rows, string Metric, double? Estimate, double? Lower, double? Upper, double? Realized, int DriftedChecks);

/// <summary>Everything a monitoring run found; reports render it, front ends map its verdict to an exit code or diagnostics.</summary>
public sealed record MonitorResult(
    string ModelName, ModelTask Task, long ReferenceRows, long CurrentRows, MonitorVerdict Verdict,
    IReadOnlyList<DriftCheck> Drift, PerformanceEstimate Estimate, IReadOnlyList<RealizedMetric>? Realized,
    IReadOnlyList<ChunkPerformance> Chunks, ReferenceColumn? ReferencePrediction, BinCounts? CurrentPrediction, MonitorSettings Settings)
{
    /// <summary>The checks that drifted.</summary>
    public IEnumerable<DriftCheck> Drifted => Drift.Where(d => d.Drifted);
}
