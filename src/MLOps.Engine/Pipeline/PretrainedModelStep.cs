using MLOps.Engine.Data;
using MLOps.Engine.Diagnostics;
using MLOps.Engine.Trainers;
using MLOps.Engine.Vocabulary;

namespace MLOps.Engine.Pipeline;

/// <summary>
/// <c>PretrainedModel</c>: the train step takes a model trained elsewhere (an MLOps model file) instead of training
/// one, so it is evaluated, gated and packed like a trained one; its record says the build did not train it.
/// </summary>
internal static class PretrainedModelStep
{
    public const string External = "external";

    /// <summary>The model to write, or null with a coded error when the file cannot be read or does not fit the project.</summary>
    public static TrainedModel? Take(ModelSpec spec, ModelTask task, DataFile file, DiagnosticBag diagnostics)
    {
        if (!string.Equals(Path.GetExtension(file.FullPath), ".json", StringComparison.OrdinalIgnoreCase))
        {
            diagnostics.Error(DiagnosticCodes.PretrainedModelNotReadable,
                $"PretrainedModel '{file.DisplayPath}' is not an MLOps model file (.json, docs/model-format.md). ML.NET .zip models are not read yet: train the same model in the build with an MLNet.* trainer (package MLOps.Build.MLNet, docs/trainers.md).",
                spec.ProjectFile);
            return null;
        }
        var model = ModelFiles.Load(file.FullPath, DiagnosticCodes.PretrainedModelNotReadable, diagnostics, file.DisplayPath);
        if (model is null) return null;
        var document = model.Document;
        if (document.Task != task.Name() || document.Label.Name != spec.LabelColumn)
        {
            diagnostics.Error(DiagnosticCodes.PretrainedModelDoesNotFit,
                $"PretrainedModel '{file.DisplayPath}' is a {document.Task} model of label '{document.Label.Name}', but the project builds a {task.Name()} model of label '{spec.LabelColumn}'. Set ModelTask and LabelColumn to the model's, or use the model trained for them.",
                file.DisplayPath);
            return null;
        }
        var taken = document with { Name = spec.Name, Training = document.Training with { TrainedBy = External } };
        return new TrainedModel(taken, _ => $"{spec.Name}: took the pretrained {document.Training.Trainer} model {file.DisplayPath} (not trained by this build)");
    }
}
