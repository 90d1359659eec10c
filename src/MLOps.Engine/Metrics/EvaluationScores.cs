namespace MLOps.Engine.Metrics;

/// <summary>
/// One model's scores on evaluation rows, as metrics read them: labels are 0/1, class indices or targets; scores are
/// positive-class probabilities, row-major class probabilities (multiclass) or predictions. The tables several
/// metrics read off (confusion counts, F1 averages, regression errors) are computed on first use, once. Not
/// thread-safe: one evaluation computes its metrics on one thread.
/// </summary>
public sealed class EvaluationScores(double[] labels, double[] scores)
{
    private BinaryMetrics.Confusion? _confusion;
    private int[]? _classLabels;
    private long[,]? _classConfusion;
    private (double Macro, double Micro, double Weighted)? _f1;
    private RegressionMetrics.Errors? _errors;
    private readonly Dictionary<Metric, double> _values = [];

    public double[] Labels { get; } = labels;

    /// <summary>Values already computed on these very labels and scores, by metric name (an earlier step's): not computed again.</summary>
    public IReadOnlyDictionary<string, double>? Known { get; init; }

    public double[] Scores { get; } = scores;

    /// <summary>Scores per row: the number of classes of a multiclass model, 1 otherwise.</summary>
    public int Classes => Scores.Length / Math.Max(1, Labels.Length);

    /// <summary>The binary confusion table at <see cref="BinaryMetrics.Threshold"/>.</summary>
    public BinaryMetrics.Confusion Confusion => _confusion ??= BinaryMetrics.Confusion.Of(Labels, Scores);

    /// <summary>Multiclass labels as class indices.</summary>
    public int[] ClassLabels => _classLabels ??= Labels.Select(l => (int)l).ToArray();

    /// <summary>Multiclass counts of (true class, predicted class).</summary>
    public long[,] ClassConfusion => _classConfusion ??= MulticlassMetrics.Confusion(ClassLabels, Scores, Classes);

    /// <summary>Macro, micro and weighted F1 of <see cref="ClassConfusion"/>.</summary>
    public (double Macro, double Micro, double Weighted) F1 => _f1 ??= MulticlassMetrics.F1Scores(ClassConfusion);

    /// <summary><paramref name="metric"/>'s value on these rows, computed once; NaN when there are no rows.</summary>
    public double Value(Metric metric)
    {
        if (_values.TryGetValue(metric, out var value)) return value;
        if (Known is null || !Known.TryGetValue(metric.Name, out value)) value = Labels.Length == 0 ? double.NaN : metric.Compute(this);
        return _values[metric] = value;
    }

    /// <summary>Regression errors of the predictions.</summary>
    public RegressionMetrics.Errors Errors => _errors ??= RegressionMetrics.Errors.Of(Labels, Scores);
}
