using MLOps.Engine.Vocabulary;
namespace MLOps.Engine.Metrics;

/// <summary>The metric names of each task, and which way is better.</summary>
public static class MetricCatalog
{
    public static readonly IReadOnlyList<string> Binary = ["auc", "average_precision", "log_loss", "brier", "accuracy", "precision", "recall", "f1", "balanced_accuracy", "mcc"];
    public static readonly IReadOnlyList<string> Multiclass = ["accuracy", "macro_f1", "micro_f1", "weighted_f1", "log_loss", "macro_auc_ovr"];
    public static readonly IReadOnlyList<string> Regression = ["rmse", "mse", "mae", "r2", "explained_variance", "median_absolute_error"];

    private static readonly HashSet<string> LowerIsBetter = ["log_loss", "brier", "rmse", "mse", "mae", "median_absolute_error"];

    public static bool HigherIsBetter(string metric) => !LowerIsBetter.Contains(metric);

    /// <summary>
    /// All metrics of a task for labels (0/1, class indices, or targets) and scores (positive-class probabilities,
    /// row-major class probabilities for multiclass, or predictions). Metrics that are undefined on these rows are
    /// NaN (see <see cref="UndefinedMetrics"/>); with no rows, all are.
    /// </summary>
    public static IReadOnlyDictionary<string, double> Compute(ModelTask task, double[] labels, double[] scores)
    {
        if (labels.Length == 0) return new SortedDictionary<string, double>(ForTask(task).ToDictionary(m => m, _ => double.NaN), StringComparer.Ordinal);
        return task switch
        {
            ModelTask.Regression => RegressionMetrics.All(labels, scores),
            ModelTask.MulticlassClassification => MulticlassMetrics.All(labels.Select(l => (int)l).ToArray(), scores, scores.Length / labels.Length),
            _ => BinaryMetrics.All(labels, scores),
        };
    }

    public static IReadOnlyList<string> ForTask(ModelTask task) => task switch
    {
        ModelTask.MulticlassClassification => Multiclass,
        ModelTask.Regression => Regression,
        _ => Binary,
    };
}
