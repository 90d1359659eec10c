using MLOps.Engine.Vocabulary;

namespace MLOps.Engine.Metrics.Catalog.Regression;

/// <summary>Median of the absolute errors; the bootstrap resamples it as a weighted median of pre-sorted errors.</summary>
public sealed class MedianAbsoluteError() : Metric("median_absolute_error", ModelTask.Regression, MetricDirection.LowerIsBetter, range: MetricRange.NonNegative)
{
    public override double Compute(EvaluationScores scores) => scores.Errors.MedianAbsoluteError;

    public override PairedMetric? Paired(double[] labels, double[] better, double[] worse) => new WeightedMedian(labels, better, worse);
}
