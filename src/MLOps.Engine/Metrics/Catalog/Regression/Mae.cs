using MLOps.Engine.Vocabulary;

namespace MLOps.Engine.Metrics.Catalog.Regression;

/// <summary>Mean absolute error.</summary>
public sealed class Mae() : RowMeanMetric("mae", ModelTask.Regression, MetricDirection.LowerIsBetter, range: MetricRange.NonNegative, compared: true)
{
    public override double Compute(EvaluationScores scores) => scores.Errors.Mae;

    public override double Row(double label, ReadOnlySpan<double> scores) => Math.Abs(label - scores[0]);
}
