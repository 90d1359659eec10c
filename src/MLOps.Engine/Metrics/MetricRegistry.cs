using System.Collections.Immutable;
using MLOps.Engine.Vocabulary;
using Binary = MLOps.Engine.Metrics.Catalog.Binary;
using Multiclass = MLOps.Engine.Metrics.Catalog.Multiclass;
using Regression = MLOps.Engine.Metrics.Catalog.Regression;

namespace MLOps.Engine.Metrics;

/// <summary>
/// The metrics of each task, by name: the built-in catalog (this list's order is the order messages list them in and
/// <c>mlops history</c> picks key metrics in), then any registered for the calling flow by <see cref="RegisterScoped"/>.
/// </summary>
public static class MetricRegistry
{
    private static readonly Metric[] BuiltIn =
    [
        new Binary.Auc(), new Binary.AveragePrecision(), new Binary.LogLoss(), new Binary.Brier(), new Binary.Accuracy(),
        new Binary.Precision(), new Binary.Recall(), new Binary.F1(), new Binary.BalancedAccuracy(), new Binary.Mcc(),
        new Multiclass.Accuracy(), new Multiclass.MacroF1(), new Multiclass.MicroF1(), new Multiclass.WeightedF1(),
        new Multiclass.LogLoss(), new Multiclass.MacroAucOneVsRest(),
        new Regression.Rmse(), new Regression.Mse(), new Regression.Mae(), new Regression.R2(), new Regression.ExplainedVariance(),
        new Regression.MedianAbsoluteError(),
    ];

    private static readonly IReadOnlyDictionary<ModelTask, Metric[]> ByTask =
        ModelTasks.All.ToDictionary(task => task, task => BuiltIn.Where(m => m.Task == task).ToArray());

    /// <summary>Metrics registered by <see cref="RegisterScoped"/>: async-local, so tests running side by side never see each other's.</summary>
    private static readonly AsyncLocal<ImmutableArray<Metric>> Scoped = new();

    /// <summary>Every metric of <paramref name="task"/>, built-ins first in catalog order.</summary>
    public static IReadOnlyList<Metric> All(ModelTask task) =>
        Scoped.Value.IsDefaultOrEmpty ? ByTask[task] : [.. ByTask[task], .. Scoped.Value.Where(m => m.Task == task)];

    /// <summary>The metric a gate or a command names (lower snake case, case-sensitive), or null.</summary>
    public static Metric? Find(ModelTask task, string name) => All(task).FirstOrDefault(m => m.Name == name);

    /// <summary>The metric names of <paramref name="task"/>, in catalog order.</summary>
    public static IReadOnlyList<string> Names(ModelTask task) => All(task).Select(m => m.Name).ToArray();

    /// <summary>The names of every task's <see cref="Metric.Headline"/> metrics, binary first, each once.</summary>
    public static IReadOnlyList<string> Headlines() =>
        ModelTasks.All.SelectMany(All).Where(m => m.Headline).Select(m => m.Name).Distinct().ToArray();

    /// <summary>
    /// Every metric of <paramref name="task"/> on these rows, by name (see <see cref="EvaluationScores"/> for the
    /// layout). Metrics undefined on the rows are NaN (see <see cref="UndefinedMetrics"/>); with no rows, all are.
    /// </summary>
    public static IReadOnlyDictionary<string, double> Compute(ModelTask task, double[] labels, double[] scores)
    {
        var evaluation = new EvaluationScores(labels, scores);
        var values = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var metric in All(task)) values[metric.Name] = evaluation.Value(metric);
        return values;
    }

    /// <summary>
    /// Adds <paramref name="metric"/> for the calling flow (and the tasks it starts) until the result is disposed: for
    /// tests, and for a front end that brings its own metric. Its name must be new for its task.
    /// </summary>
    public static IDisposable RegisterScoped(Metric metric)
    {
        if (Find(metric.Task, metric.Name) is not null)
            throw new ArgumentException($"{metric.Task.Name()} already has a metric '{metric.Name}'.", nameof(metric));
        var before = Scoped.Value;
        Scoped.Value = (before.IsDefault ? [] : before).Add(metric);
        return new Registration(() => Scoped.Value = before);
    }

    private sealed class Registration(Action undo) : IDisposable
    {
        private Action? _undo = undo;

        public void Dispose() => Interlocked.Exchange(ref _undo, null)?.Invoke();
    }
}
