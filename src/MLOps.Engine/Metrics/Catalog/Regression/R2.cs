using MLOps.Engine.Vocabulary;

namespace MLOps.Engine.Metrics.Catalog.Regression;

/// <summary>Coefficient of determination, 1 − squared error over the target's variance; undefined when the label is constant.</summary>
public sealed class R2() : Metric("r2", ModelTask.Regression, MetricDirection.HigherIsBetter, range: MetricRange.AtMostOne, headline: true)
{
    public override double Compute(EvaluationScores scores) => scores.Errors.R2;

    public override PairedMetric? Paired(double[] labels, double[] better, double[] worse) =>
        new RegressionMoments(m => 1 - m.Srr / m.Total, labels, better, worse);
}
