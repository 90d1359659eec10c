using MLOps.Engine.Diagnostics;
using MLOps.Runtime;

namespace MLOps.Engine.Registry;

/// <summary>
/// Models whose ML.NET .zip had no MLOps.Runtime form (predictor kind <c>mlnet</c>): only MLOps.Runtime.MLNet scores
/// them, and the mlops tool does not carry Microsoft.ML (docs/cli.md), so a command that scores rows refuses them
/// with a code instead of MLOps.Runtime's exception.
/// </summary>
public static class MLNetScoredModels
{
    /// <summary>Whether <paramref name="model"/> is scored through ML.NET.</summary>
    public static bool Is(ModelDocument? model) => model?.Predictor.Kind == PredictorKinds.MLNet;

    /// <summary>The error: why a command cannot take <paramref name="model"/> and what to do instead.</summary>
    public static void Refuse(string code, ModelDocument model, string why, string instead, DiagnosticBag diagnostics, string? file = null) =>
        diagnostics.Error(code, $"Model '{model.Name}' is an ML.NET model scored through ML.NET ({model.Predictor.ModelFile}): {why}. {instead}", file);
}
