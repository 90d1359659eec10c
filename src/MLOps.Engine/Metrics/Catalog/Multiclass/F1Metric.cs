using MLOps.Engine.Vocabulary;

namespace MLOps.Engine.Metrics.Catalog.Multiclass;

/// <summary>An F1 average of the multiclass confusion matrix; two models' matrices are built in one pass per resample.</summary>
public abstract class F1Metric(string name, bool headline = false)
    : Metric(name, ModelTask.MulticlassClassification, MetricDirection.HigherIsBetter, headline: headline)
{
    public abstract double Read((double Macro, double Micro, double Weighted) f1);

    public override double Compute(EvaluationScores scores) => Read(scores.F1);

    public override PairedMetric? Paired(double[] labels, double[] better, double[] worse) =>
        new MulticlassConfusion(Read, labels, better, worse, better.Length / Math.Max(1, labels.Length));
}
