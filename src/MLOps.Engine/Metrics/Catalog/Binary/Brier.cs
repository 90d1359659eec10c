using MLOps.Engine.Vocabulary;

namespace MLOps.Engine.Metrics.Catalog.Binary;

/// <summary>Mean squared difference between the positive-class probability and the label.</summary>
public sealed class Brier() : RowMeanMetric("brier", ModelTask.BinaryClassification, MetricDirection.LowerIsBetter)
{
    public override double Compute(EvaluationScores scores) => BinaryMetrics.Brier(scores.Labels, scores.Scores);

    public override double Row(double label, ReadOnlySpan<double> scores) => (scores[0] - label) * (scores[0] - label);
}
