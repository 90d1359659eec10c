using MLOps.Engine.Vocabulary;

namespace MLOps.Engine.Metrics;

/// <summary>
/// A metric that is the mean of a per-row value (a loss, or 1 for a right answer), so paired t and Wilcoxon test it on
/// per-row improvements and its paired difference is a mean.
/// </summary>
public abstract class RowMeanMetric(string name, ModelTask task, MetricDirection direction, MetricRange? range = null, bool headline = false, bool compared = false)
    : Metric(name, task, direction, range, headline, compared)
{
    /// <summary>One row's value from its label and its scores (one score, or the row's class probabilities).</summary>
    public abstract double Row(double label, ReadOnlySpan<double> scores);

    /// <summary>Each row's improvement of <paramref name="candidate"/> over <paramref name="baseline"/>; their mean is the metric's.</summary>
    public double[] RowImprovements(double[] labels, double[] candidate, double[] baseline)
    {
        var (better, worse) = HigherIsBetter ? (candidate, baseline) : (baseline, candidate);
        return RowDifferences(labels, better, worse);
    }

    private double[] RowDifferences(double[] labels, double[] better, double[] worse)
    {
        var k = better.Length / Math.Max(1, labels.Length);
        var values = new double[labels.Length];
        for (var i = 0; i < labels.Length; i++) values[i] = Row(labels[i], better.AsSpan(i * k, k)) - Row(labels[i], worse.AsSpan(i * k, k));
        return values;
    }

    public override PairedMetric? Paired(double[] labels, double[] better, double[] worse) => new PairedMetric.Mean(RowDifferences(labels, better, worse));

    public override bool Supports(ComparisonTest test, bool superiority) => test is ComparisonTest.T or ComparisonTest.Wilcoxon;

    public override ComparisonTest DefaultTest(bool superiority) => ComparisonTest.T;
}
