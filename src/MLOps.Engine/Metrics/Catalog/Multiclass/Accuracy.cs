using MLOps.Engine.Vocabulary;

namespace MLOps.Engine.Metrics.Catalog.Multiclass;

/// <summary>Share of rows whose most probable class is the label; McNemar's test decides its superiority.</summary>
public sealed class Accuracy() : RowMeanMetric("accuracy", ModelTask.MulticlassClassification, MetricDirection.HigherIsBetter, headline: true, compared: true)
{
    public override double Compute(EvaluationScores scores)
    {
        var confusion = scores.ClassConfusion;
        return Enumerable.Range(0, scores.Classes).Sum(k => confusion[k, k]) / (double)scores.Labels.Length;
    }

    public override double Row(double label, ReadOnlySpan<double> scores) => MulticlassMetrics.ArgMax(scores) == (int)label ? 1 : 0;

    public override PairedMetric? Paired(double[] labels, double[] better, double[] worse) =>
        new MulticlassConfusion(f1 => f1.Micro, labels, better, worse, better.Length / Math.Max(1, labels.Length)); // micro F1 is accuracy here

    public override bool Supports(ComparisonTest test, bool superiority) => base.Supports(test, superiority) || test == ComparisonTest.McNemar && superiority;

    public override ComparisonTest DefaultTest(bool superiority) => superiority ? ComparisonTest.McNemar : ComparisonTest.T;
}
