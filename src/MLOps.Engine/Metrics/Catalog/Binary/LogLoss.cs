using MLOps.Engine.Vocabulary;

namespace MLOps.Engine.Metrics.Catalog.Binary;

/// <summary>Mean negative log-likelihood of the labels; a row's loss is −log of its label's clipped probability.</summary>
public sealed class LogLoss() : RowMeanMetric("log_loss", ModelTask.BinaryClassification, MetricDirection.LowerIsBetter, range: MetricRange.NonNegative, headline: true, compared: true)
{
    public override double Compute(EvaluationScores scores) => BinaryMetrics.LogLoss(scores.Labels, scores.Scores);

    public override double Row(double label, ReadOnlySpan<double> scores) =>
        -Math.Log(Math.Clamp(label == 1 ? scores[0] : 1 - scores[0], BinaryMetrics.LogLossEpsilon, 1 - BinaryMetrics.LogLossEpsilon));
}
