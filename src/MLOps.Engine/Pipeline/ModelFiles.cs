using MLOps.Engine.Diagnostics;
using MLOps.Engine.IO;
using MLOps.Engine.Trainers;
using MLOps.Engine.Vocabulary;
using MLOps.Runtime;

namespace MLOps.Engine.Pipeline;

/// <summary>Loads model files, reporting a missing or unreadable one with the given code.</summary>
internal static class ModelFiles
{
    /// <summary>A model that can score rows.</summary>
    public static Model? Load(string path, string missingCode, DiagnosticBag diagnostics, string? displayPath = null) =>
        LoadBuilt(path, missingCode, diagnostics, displayPath, allowPredictions: false)?.Scorer;

    /// <summary>The model this build made: with a scorer, or only predictions when an External trainer wrote no model.</summary>
    public static BuiltModel? LoadBuilt(ModelSpec spec, DiagnosticBag diagnostics) =>
        LoadBuilt(spec.Outputs.ModelPath, DiagnosticCodes.ModelNotFound, diagnostics, null, allowPredictions: true);

    /// <summary>A model file as <see cref="LoadBuilt(ModelSpec, DiagnosticBag)"/> reads it, with no scorer for one scored through ML.NET.</summary>
    public static BuiltModel? LoadBuilt(string path, string missingCode, DiagnosticBag diagnostics, string? displayPath) =>
        LoadBuilt(path, missingCode, diagnostics, displayPath, allowPredictions: true);

    private static BuiltModel? LoadBuilt(string path, string missingCode, DiagnosticBag diagnostics, string? displayPath, bool allowPredictions)
    {
        var shown = displayPath ?? path;
        if (!File.Exists(path))
        {
            diagnostics.Error(missingCode, $"The model file {path} does not exist{(missingCode == DiagnosticCodes.ModelNotFound ? "; TrainModel must run first" : "")}.", shown);
            return null;
        }
        try
        {
            var bytes = File.ReadAllBytes(path);
            var document = ModelFormat.FromBytes(bytes, path);
            var sha256 = FileHash.Sha256Of(bytes);
            // Neither predictions nor an ML.NET model scored through ML.NET has an MLOps.Runtime scorer: the build kept their evaluation predictions.
            return allowPredictions && document.Predictor.Kind is PredictorKinds.Predictions or PredictorKinds.MLNet
                ? new BuiltModel(document, null, sha256) : new BuiltModel(document, new Model(document), sha256);
        }
        catch (InvalidDataException e)
        {
            diagnostics.Error(missingCode == DiagnosticCodes.ModelNotFound ? DiagnosticCodes.ModelUnreadable : missingCode, e.Message, shown);
            return null;
        }
    }
}

/// <summary>
/// A model a build made: its document, its scorer unless an External trainer left only predictions
/// (<see cref="ExternalPredictions"/>), and the SHA-256 of the bytes it was read from.
/// </summary>
internal sealed record BuiltModel(ModelDocument Document, Model? Scorer, string Sha256)
{
    /// <summary>Probabilities per row: the number of classes for multiclass, else 1.</summary>
    public int ClassCount => ModelTasks.Of(Document) == ModelTask.MulticlassClassification ? Document.Label.Classes.Count : 1;

    /// <summary>Scores of the evaluation rows (row-major class probabilities for multiclass): the model's own, or the predictions the trainer wrote.</summary>
    public double[]? ScoresFor(ModelSpec spec, EvaluationData evaluation, DiagnosticBag diagnostics)
    {
        if (Scorer is not null) return ModelBuild.ScoresOf(Scorer, evaluation.Rows);
        if (File.Exists(spec.Outputs.PredictionsPath))
            return ExternalPredictions.Read(spec.Outputs.PredictionsPath, spec.Outputs.PredictionsPath, Document, evaluation.Rows.RowCount, diagnostics);
        diagnostics.Error(DiagnosticCodes.ModelNotFound, $"The predictions {spec.Outputs.PredictionsPath} that the External trainer wrote are gone; build again to retrain.", spec.ProjectFile);
        return null;
    }
}
