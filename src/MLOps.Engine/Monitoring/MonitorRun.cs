using MLOps.Engine.Metrics;
using MLOps.Engine.Vocabulary;

namespace MLOps.Engine.Monitoring;

/// <summary>One monitoring run: drift, estimated and realized performance over all the current data and per chunk, and the verdict.</summary>
public static class MonitorRun
{
    /// <summary>Runs every check; <paramref name="chunks"/> in order (one chunk when the data is not split).</summary>
    public static MonitorResult Run(MonitorReference reference, IReadOnlyList<CurrentChunk> chunks, MonitorSettings settings, CancellationToken cancel = default)
    {
        if (chunks.Count == 0) throw new ArgumentException("Monitoring needs current data.", nameof(chunks));
        var all = chunks.Skip(1).Aggregate(chunks[0].Data, (sum, c) => sum.Plus(c.Data));
        var drift = DataDrift.Compare(reference, all, settings);
        var estimate = PerformanceEstimation.Estimate(reference, all.Scores, settings);
        cancel.ThrowIfCancellationRequested();
        IReadOnlyList<RealizedMetric>? realized = null;
        if (chunks.Any(c => c.Labels is not null))
        {
            var labels = chunks.SelectMany(c => c.Labels ?? []).ToArray();
            var scores = chunks.SelectMany(c => c.Scores ?? []).ToArray();
            realized = labels.Length == 0 ? [] : RealizedPerformance.Compare(reference, labels, scores, settings);
        }
        var perChunk = chunks.Count == 1 ? [] : chunks.Select(c =>
        {
            cancel.ThrowIfCancellationRequested();
            return Chunk(reference, c, settings);
        }).ToArray();
        var verdict = estimate.Metrics.Any(m => m.Degraded) || (realized?.Any(m => m.Degraded) ?? false) ? MonitorVerdict.Degraded
            : drift.Any(d => d.Drifted) ? MonitorVerdict.Drift : MonitorVerdict.Healthy;
        return new MonitorResult(reference.ModelName, reference.Task, reference.Rows, all.Rows, verdict, drift, estimate, realized, perChunk,
            reference.Prediction, all.Prediction, settings);
    }

    /// <summary>The metric followed over chunks: AUC for binary classifiers, accuracy for multiclass, RMSE for regressors.</summary>
    public static string PrimaryMetric(ModelTask task) => task switch
    {
        ModelTask.Regression => "rmse",
        ModelTask.MulticlassClassification => "accuracy",
        _ => "auc",
    };

    private static ChunkPerformance Chunk(MonitorReference reference, CurrentChunk chunk, MonitorSettings settings)
    {
        var metric = PrimaryMetric(reference.Task);
        var estimate = PerformanceEstimation.Estimate(reference, chunk.Data.Scores, settings with { Resamples = Math.Min(settings.Resamples, 200) })
            .Metrics.FirstOrDefault(m => m.Metric == metric);
        double? realized = chunk.Labels is { Length: > 0 } labels
            ? MetricRegistry.Compute(reference.Task, labels, chunk.Scores!).GetValueOrDefault(metric, double.NaN) : null;
        var drifted = DataDrift.Compare(reference, chunk.Data, settings).Count(d => d.Drifted);
        return new ChunkPerformance(chunk.Label, chunk.Data.Rows, metric, estimate?.Estimate, estimate?.Lower, estimate?.Upper, realized, drifted);
    }
}
