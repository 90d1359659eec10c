using MLOps.Engine.Vocabulary;

namespace MLOps.Engine.Metrics.Catalog.Regression;

/// <summary>Mean squared error.</summary>
public sealed class Mse() : RowMeanMetric("mse", ModelTask.Regression, MetricDirection.LowerIsBetter, range: MetricRange.NonNegative)
{
    public override double Compute(EvaluationScores scores) => scores.Errors.Mse;

    public override double Row(double label, ReadOnlySpan<double> scores) => (label - scores[0]) * (label - scores[0]);
}
