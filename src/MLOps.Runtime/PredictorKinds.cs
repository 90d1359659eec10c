namespace MLOps.Runtime;

/// <summary>The <see cref="PredictorSpec.Kind"/> names of the model format.</summary>
public static class PredictorKinds
{
    /// <summary>A weighted sum of the features.</summary>
    public const string Linear = "linear";
    /// <summary>A sum of regression trees (gradient boosting).</summary>
    public const string Trees = "trees";
}
