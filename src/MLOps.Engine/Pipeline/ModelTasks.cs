namespace MLOps.Engine.Pipeline;

/// <summary>The <c>ModelTask</c> values.</summary>
public static class ModelTasks
{
    public const string BinaryClassification = "BinaryClassification";
    public const string MulticlassClassification = "MulticlassClassification";
    public const string Regression = "Regression";

    public static readonly IReadOnlyList<string> All = [BinaryClassification, MulticlassClassification, Regression];

    /// <summary>How a model of <paramref name="task"/> turns its summed score into a prediction.</summary>
    public static string LinkOf(string task) => task switch
    {
        Regression => Runtime.Links.Identity,
        MulticlassClassification => Runtime.Links.Softmax,
        _ => Runtime.Links.Logit,
    };
}
