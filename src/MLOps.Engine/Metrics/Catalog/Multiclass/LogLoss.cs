using MLOps.Engine.Vocabulary;

namespace MLOps.Engine.Metrics.Catalog.Multiclass;

/// <summary>Mean negative log-probability of the true class (rows clipped and renormalized, as scikit-learn 1.2 does).</summary>
public sealed class LogLoss() : RowMeanMetric("log_loss", ModelTask.MulticlassClassification, MetricDirection.LowerIsBetter, range: MetricRange.NonNegative, headline: true, compared: true)
{
    public override double Compute(EvaluationScores scores) => MulticlassMetrics.LogLoss(scores.ClassLabels, scores.Scores, scores.Classes);

    public override double Row(double label, ReadOnlySpan<double> scores) => MulticlassMetrics.RowLogLoss(scores, (int)label);
}
