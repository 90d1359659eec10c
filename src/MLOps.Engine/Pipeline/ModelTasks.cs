namespace MLOps.Engine.Pipeline;

/// <summary>The <c>ModelTask</c> values.</summary>
public static class ModelTasks
{
    public const string BinaryClassification = "BinaryClassification";
    public const string MulticlassClassification = "MulticlassClassification";
    public const string Regression = "Regression";

    public static readonly IReadOnlyList<string> All = [BinaryClassification, MulticlassClassification, Regression];
}
