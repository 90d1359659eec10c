using MLOps.Engine.Vocabulary;

namespace MLOps.Engine.Metrics.Catalog.Binary;

/// <summary>Share of rows whose prediction (score ≥ 0.5) equals the label; McNemar's test decides its superiority.</summary>
public sealed class Accuracy() : RowMeanMetric("accuracy", ModelTask.BinaryClassification, MetricDirection.HigherIsBetter, headline: true, compared: true)
{
    public override double Compute(EvaluationScores scores) => scores.Confusion.Accuracy;

    public override double Row(double label, ReadOnlySpan<double> scores) => (scores[0] >= BinaryMetrics.Threshold) == (label == 1) ? 1 : 0;

    public override PairedMetric? Paired(double[] labels, double[] better, double[] worse) => new PairedMetric.ConfusionCells(c => c.Accuracy, labels, better, worse);

    public override bool Supports(ComparisonTest test, bool superiority) => base.Supports(test, superiority) || test == ComparisonTest.McNemar && superiority;

    public override ComparisonTest DefaultTest(bool superiority) => superiority ? ComparisonTest.McNemar : ComparisonTest.T;
}
