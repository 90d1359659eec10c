using MLOps.Runtime;

namespace MLOps.Engine.Vocabulary;

/// <summary>What a model predicts (<c>ModelTask</c>): written as its name in projects, model files and reports.</summary>
public enum ModelTask
{
    BinaryClassification,
    MulticlassClassification,
    Regression,
}

/// <summary>The <see cref="ModelTask"/> values and their names at the edges (project properties, JSON, reports).</summary>
public static class ModelTasks
{
    public static readonly IReadOnlyList<ModelTask> All = [ModelTask.BinaryClassification, ModelTask.MulticlassClassification, ModelTask.Regression];

    /// <summary>The task's name as projects, model files and reports write it.</summary>
    public static string Name(this ModelTask task) => task switch
    {
        ModelTask.MulticlassClassification => "MulticlassClassification",
        ModelTask.Regression => "Regression",
        _ => "BinaryClassification",
    };

    /// <summary>Reads a task name exactly as written (case-sensitive, as the engine always has).</summary>
    public static bool TryParse(string? name, out ModelTask task)
    {
        foreach (var candidate in All)
            if (candidate.Name() == name)
            {
                task = candidate;
                return true;
            }
        task = default;
        return false;
    }

    /// <summary>
    /// The task of a model file: a name this engine does not know reads as binary classification, as it always has
    /// (model files are checked when they are written).
    /// </summary>
    public static ModelTask Of(ModelDocument model) => TryParse(model.Task, out var task) ? task : ModelTask.BinaryClassification;

    /// <summary>How a model of <paramref name="task"/> turns its summed score into a prediction.</summary>
    public static string LinkOf(this ModelTask task) => task switch
    {
        ModelTask.Regression => Links.Identity,
        ModelTask.MulticlassClassification => Links.Softmax,
        _ => Links.Logit,
    };
}
