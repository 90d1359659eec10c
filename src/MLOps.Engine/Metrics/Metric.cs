using MLOps.Engine.Vocabulary;

namespace MLOps.Engine.Metrics;

/// <summary>Which way a metric improves.</summary>
public enum MetricDirection
{
    HigherIsBetter,
    LowerIsBetter,
}

/// <summary>The values a metric can take; a bound may be infinite.</summary>
public readonly record struct MetricRange(double Low, double High)
{
    public static readonly MetricRange Unit = new(0, 1);
    public static readonly MetricRange NonNegative = new(0, double.PositiveInfinity);
    public static readonly MetricRange AtMostOne = new(double.NegativeInfinity, 1);
    public static readonly MetricRange Correlation = new(-1, 1);
}

/// <summary>
/// One metric of one task: its name (lower snake case, as in metrics JSON and <c>ModelGate</c>), which way is better,
/// how it is computed, when it has no value, and how gates compare two models on it. A new metric is one class in
/// <c>Metrics/Catalog/&lt;Task&gt;/</c>, listed in <see cref="MetricRegistry"/>; shared walks stay in the
/// <c>*Metrics</c> helpers and <see cref="EvaluationScores"/>, so metrics read off one table compute it once.
/// </summary>
public abstract class Metric(string name, ModelTask task, MetricDirection direction, MetricRange? range = null, bool headline = false, bool compared = false)
{
    public string Name { get; } = name;

    public ModelTask Task { get; } = task;

    public MetricDirection Direction { get; } = direction;

    public bool HigherIsBetter => Direction == MetricDirection.HigherIsBetter;

    /// <summary>The values it can take; [0, 1] unless said otherwise.</summary>
    public MetricRange Range { get; } = range ?? MetricRange.Unit;

    /// <summary>Shown as a key metric by <c>mlops history</c> (the first three a package has, in catalog order).</summary>
    public bool Headline { get; } = headline;

    /// <summary>Tested by <c>mlops diff</c> between two packages (metrics with a fast paired test).</summary>
    public bool Compared { get; } = compared;

    /// <summary>The value on these rows (labels and scores as <see cref="EvaluationScores"/> describes); not finite when undefined.</summary>
    public abstract double Compute(EvaluationScores scores);

    /// <summary>Why the metric has no value on these rows; asked only when its value is not finite.</summary>
    public virtual string UndefinedReason(double[] labels, IReadOnlyList<string> classes) => UndefinedMetrics.Reason(Task, labels, classes);

    /// <summary>
    /// The metric's improvement of <paramref name="better"/> over <paramref name="worse"/> on the same rows under row
    /// weights, which the paired bootstrap resamples; null when the metric has none (no gate can then compare models on it).
    /// </summary>
    public virtual PairedMetric? Paired(double[] labels, double[] better, double[] worse) => null;

    /// <summary>Whether <paramref name="test"/> (other than the bootstrap, which needs <see cref="Paired"/>) compares two models on this metric.</summary>
    public virtual bool Supports(ComparisonTest test, bool superiority) => false;

    /// <summary>The test a gate uses when it names none.</summary>
    public virtual ComparisonTest DefaultTest(bool superiority) => ComparisonTest.Bootstrap;

    public override string ToString() => Name;
}
