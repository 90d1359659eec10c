using MLOps.Engine.Vocabulary;

namespace MLOps.Engine.Metrics.Catalog.Regression;

/// <summary>1 − variance of the residuals over the target's variance; undefined when the label is constant.</summary>
public sealed class ExplainedVariance() : Metric("explained_variance", ModelTask.Regression, MetricDirection.HigherIsBetter, range: MetricRange.AtMostOne)
{
    public override double Compute(EvaluationScores scores) => scores.Errors.ExplainedVariance;

    public override PairedMetric? Paired(double[] labels, double[] better, double[] worse) =>
        new RegressionMoments(m => 1 - (m.Srr - m.Sr * m.Sr / m.W) / m.Total, labels, better, worse);
}
