using MLOps.Engine.Vocabulary;
namespace MLOps.Engine.Metrics;

/// <summary>
/// Why a metric has no value on some evaluation rows: no rows at all, one class only (AUC, average precision),
/// a class with no rows (one-vs-rest AUC), or a constant label (R², explained variance). A metric whose value is
/// not a finite number is undefined; it is written as JSON null with its reason, never as a number.
/// </summary>
public static class UndefinedMetrics
{
    /// <summary>
    /// The reason for each metric of <paramref name="values"/> that is not finite, keyed by metric name; empty when all
    /// are defined. <paramref name="labels"/> are 0/1, class indices or targets; <paramref name="classes"/> the class names.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Reasons(IReadOnlyDictionary<string, double> values, ModelTask task, double[] labels, IReadOnlyList<string> classes)
    {
        var reasons = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (metric, value) in values)
            if (!double.IsFinite(value))
                reasons[metric] = MetricRegistry.Find(task, metric)?.UndefinedReason(labels, classes) ?? Reason(task, labels, classes);
        return reasons;
    }

    /// <summary>The reason a metric of <paramref name="task"/> has no value, from what the rows lack (<see cref="Metric.UndefinedReason"/>'s default).</summary>
    public static string Reason(ModelTask task, double[] labels, IReadOnlyList<string> classes)
    {
        if (labels.Length == 0) return "there are no evaluation rows";
        if (task == ModelTask.Regression)
            return labels.Distinct().Count() == 1 ? "the label has the same value in every evaluation row" : "it is not a finite number on these evaluation rows";
        var present = labels.Select(l => (int)l).Distinct().Order().ToArray();
        string Name(int index) => index < classes.Count ? $"'{classes[index]}'" : index.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (present.Length == 1) return $"every evaluation row has the label {Name(present[0])}";
        var missing = Enumerable.Range(0, classes.Count).Except(present).ToArray();
        return missing.Length > 0
            ? $"no evaluation row has the label {Diagnostics.MessageText.FirstFew(missing.Select(Name))}"
            : "it is not a finite number on these evaluation rows";
    }
}
