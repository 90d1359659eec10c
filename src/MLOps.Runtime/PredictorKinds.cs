namespace MLOps.Runtime;

/// <summary>The <see cref="PredictorSpec.Kind"/> names of the model format.</summary>
public static class PredictorKinds
{
    /// <summary>A weighted sum of the features.</summary>
    public const string Linear = "linear";
    /// <summary>A sum of regression trees (gradient boosting).</summary>
    public const string Trees = "trees";
    /// <summary>
    /// No scorer: an External trainer wrote only predictions for the evaluation data (docs/trainers.md). The build
    /// evaluates and gates those predictions; an app cannot score with such a model.
    /// </summary>
    public const string Predictions = "predictions";
    /// <summary>
    /// An ML.NET model the build could not convert: <see cref="PredictorSpec.ModelFile"/> names the ML.NET .zip beside
    /// the model file, which the package MLOps.Runtime.MLNet scores through ML.NET (docs/trainers.md).
    /// </summary>
    public const string MLNet = "mlnet";
}

/// <summary>The <see cref="PredictorSpec.Link"/> names: how the summed score becomes a prediction.</summary>
public static class Links
{
    /// <summary>Binary classification: σ(z), the positive class's probability.</summary>
    public const string Logit = "logit";
    /// <summary>Regression: z itself.</summary>
    public const string Identity = "identity";
    /// <summary>Multiclass classification: softmax over one summed score per class.</summary>
    public const string Softmax = "softmax";
}
