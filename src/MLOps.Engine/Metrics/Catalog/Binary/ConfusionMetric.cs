using MLOps.Engine.Vocabulary;

namespace MLOps.Engine.Metrics.Catalog.Binary;

/// <summary>A metric read off the binary confusion table; two models' tables come from the rows' 8 joint cells.</summary>
public abstract class ConfusionMetric(string name, MetricRange? range = null)
    : Metric(name, ModelTask.BinaryClassification, MetricDirection.HigherIsBetter, range)
{
    public abstract double Read(BinaryMetrics.Confusion confusion);

    public override double Compute(EvaluationScores scores) => Read(scores.Confusion);

    public override PairedMetric? Paired(double[] labels, double[] better, double[] worse) => new PairedMetric.ConfusionCells(Read, labels, better, worse);
}
