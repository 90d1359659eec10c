using MLOps.Engine.Vocabulary;

namespace MLOps.Engine.Metrics.Catalog.Binary;

/// <summary>Average precision (area under the precision-recall steps).</summary>
public sealed class AveragePrecision() : Metric("average_precision", ModelTask.BinaryClassification, MetricDirection.HigherIsBetter)
{
    public override double Compute(EvaluationScores scores) => BinaryMetrics.AveragePrecision(scores.Labels, scores.Scores);

    public override PairedMetric? Paired(double[] labels, double[] better, double[] worse) =>
        new PairedMetric.Walked(new AveragePrecisionWalk(labels, better), new AveragePrecisionWalk(labels, worse));
}
