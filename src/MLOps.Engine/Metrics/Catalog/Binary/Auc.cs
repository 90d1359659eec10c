using MLOps.Engine.Vocabulary;

namespace MLOps.Engine.Metrics.Catalog.Binary;

/// <summary>Area under the ROC curve; DeLong's test compares two models on it.</summary>
public sealed class Auc() : Metric("auc", ModelTask.BinaryClassification, MetricDirection.HigherIsBetter, headline: true, compared: true)
{
    public override double Compute(EvaluationScores scores) => BinaryMetrics.Auc(scores.Labels, scores.Scores);

    public override PairedMetric? Paired(double[] labels, double[] better, double[] worse) =>
        new PairedMetric.Walked(new AucWalk(labels, better), new AucWalk(labels, worse));

    public override bool Supports(ComparisonTest test, bool superiority) => test == ComparisonTest.DeLong;

    public override ComparisonTest DefaultTest(bool superiority) => ComparisonTest.DeLong;
}
