using MLOps.Engine.Vocabulary;

namespace MLOps.Engine.Metrics.Catalog.Regression;

/// <summary>Root mean squared error.</summary>
public sealed class Rmse() : Metric("rmse", ModelTask.Regression, MetricDirection.LowerIsBetter, range: MetricRange.NonNegative, headline: true, compared: true)
{
    public override double Compute(EvaluationScores scores) => scores.Errors.Rmse;

    public override PairedMetric? Paired(double[] labels, double[] better, double[] worse) =>
        new RegressionMoments(m => Math.Sqrt(m.Srr / m.W), labels, better, worse);
}
