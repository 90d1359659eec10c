using MLOps.Engine.Data;
using MLOps.Engine.Diagnostics;
using MLOps.Engine.Trainers;
using MLOps.Engine.Vocabulary;

namespace MLOps.Engine.Pipeline;

/// <summary>
/// <c>PretrainedModel</c>: the train step takes a model trained elsewhere (an MLOps model file, or another library's that a
/// plug-in's <see cref="IPretrainedModelReader"/> converts) instead of training
/// one, so it is evaluated, gated and packed like a trained one; its record says the build did not train it.
/// </summary>
internal static class PretrainedModelStep
{
    public const string External = "external";

    /// <summary>The model to write, or null with a coded error when the file cannot be read or does not fit the project.</summary>
    public static TrainedModel? Take(ModelSpec spec, DataFile file, TrainingRequest request)
    {
        var task = request.Task;
        var diagnostics = request.Diagnostics;
        var extension = Path.GetExtension(file.FullPath);
        if (!string.Equals(extension, ".json", StringComparison.OrdinalIgnoreCase))
        {
            // Another library's model: a plug-in (MLOps.Build.MLNet for ML.NET's .zip) converts it and checks the conversion.
            if (PretrainedModelReaders.Find(extension) is { } reader)
                return reader.Read(file, request) is { } read ? read with { Document = read.Document with { Training = read.Document.Training with { TrainedBy = External } } } : null;
            diagnostics.Error(DiagnosticCodes.PretrainedModelNotReadable, string.Equals(extension, ".zip", StringComparison.OrdinalIgnoreCase)
                ? $"PretrainedModel '{file.DisplayPath}' is an ML.NET model (.zip), which the build reads with the package MLOps.Build.MLNet: add <PackageReference Include=\"MLOps.Build.MLNet\" /> to the project (docs/trainers.md)."
                : $"PretrainedModel '{file.DisplayPath}' is not an MLOps model file (.json, docs/model-format.md) nor an ML.NET model (.zip, with the package MLOps.Build.MLNet).",
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
