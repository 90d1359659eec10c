using System.Diagnostics;
using System.Text.Json;
using MLOps.Engine.Diagnostics;
using MLOps.Engine.IO;
using MLOps.Engine.Vocabulary;
using MLOps.Runtime;

namespace MLOps.Engine.Trainers;

/// <summary>
/// <c>Trainer=External</c>: runs <c>TrainerCommand</c> with the path of a JSON request (docs/trainers.md) as its last
/// argument and in <c>MLOPS_TRAINER_REQUEST</c>. The program writes a model in the MLOps model format to the
/// request's <c>modelPath</c>; the model is checked, stamped with this build's provenance and only then replaces the
/// last good one, so every later stage (evaluation, gates, packages) works as with a built-in trainer. A program
/// that cannot write our format writes predictions for the evaluation rows to <c>predictionsPath</c> instead:
/// evaluation and gates then use those, and the model document says it has no scorer.
/// </summary>
internal static class ExternalTraining
{
    public const string RequestFormat = "mlops-trainer-request";

    public static ModelDocument? Run(TrainingRequest spec, string trainer)
    {
        var (diagnostics, cancellation) = (spec.Diagnostics, spec.Cancel);
        var work = Directory.CreateTempSubdirectory("mlops-external-").FullName;
        try
        {
            var modelPath = Path.Combine(work, $"{spec.ModelName}.model.json");
            var predictionsPath = Path.Combine(work, $"{spec.ModelName}.predictions.csv");
            var requestPath = Path.Combine(work, "request.json");
            var request = new
            {
                format = RequestFormat,
                formatVersion = 1,
                model = spec.ModelName,
                task = spec.Task.Name(),
                labelColumn = spec.LabelColumn,
                classes = spec.Classes,
                trainingData = spec.TrainingData.Select(f => f.FullPath).ToArray(),
                evaluationData = spec.EvaluationData.Select(f => f.FullPath).ToArray(),
                excludeColumns = spec.ExcludeColumns,
                dataContract = spec.DataSchema?.FullPath,
                parameters = spec.WrittenParameters.ToDictionary(p => p.Key, p => p.Value),
                seed = spec.Seed,
                modelPath,
                modelFormat = ModelFormat.FormatName,
                modelFormatVersion = ModelFormat.CurrentVersion,
                predictionsPath,
                predictionColumns = ExternalPredictions.Columns(spec.Task, spec.Classes),
            };
            File.WriteAllBytes(requestPath, JsonSerializer.SerializeToUtf8Bytes(request, new JsonSerializerOptions { WriteIndented = true }));

            var projectDirectory = Path.GetDirectoryName(Path.GetFullPath(spec.ProjectFile)) ?? ".";
            var run = TrainerProcess.Run(Command(spec.TrainerCommand!, requestPath, projectDirectory), spec.TrainerTimeout,
                line => spec.Progress($"{spec.ModelName}: [trainer] {line}"), cancellation);
            if (Failure(spec, run) is { } failure)
            {
                diagnostics.Error(failure.Code, failure.Message, spec.ProjectFile);
                return null;
            }
            if (!File.Exists(modelPath) && File.Exists(predictionsPath))
                return CheckPredictions(spec, PredictionsOnly(spec, trainer, request.parameters), predictionsPath, diagnostics);
            if (!File.Exists(modelPath))
            {
                diagnostics.Error(DiagnosticCodes.ExternalModelInvalid,
                    $"TrainerCommand '{spec.TrainerCommand}' succeeded but wrote neither a model to the request's modelPath ({modelPath}) nor predictions to its predictionsPath.", spec.ProjectFile);
                return null;
            }
            Model model;
            try
            {
                model = Model.Load(modelPath);
            }
            catch (InvalidDataException e)
            {
                diagnostics.Error(DiagnosticCodes.ExternalModelInvalid, $"TrainerCommand '{spec.TrainerCommand}' wrote a model MLOps.Runtime cannot use: {e.Message}", spec.ProjectFile);
                return null;
            }
            var document = model.Document;
            if (document.Task != spec.Task.Name() || document.Label.Name != spec.LabelColumn)
            {
                diagnostics.Error(DiagnosticCodes.ExternalModelInvalid,
                    $"TrainerCommand '{spec.TrainerCommand}' wrote a {document.Task} model of '{document.Label.Name}', but the project asks for {spec.Task.Name()} of '{spec.LabelColumn}'.", spec.ProjectFile);
                return null;
            }
            return document with
            {
                Name = spec.ModelName,
                Training = new TrainingInfo(trainer, new SortedDictionary<string, string>(request.parameters, StringComparer.Ordinal), spec.Seed,
                    EngineInfo.Version, spec.TrainingFingerprint, document.Training.TrainingRows),
            };
        }
        finally
        {
            try { Directory.Delete(work, recursive: true); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
    }

    /// <summary>The document of a model that is only its trainer's predictions: task, label and provenance, no inputs, no scorer.</summary>
    private static ModelDocument PredictionsOnly(TrainingRequest spec, string trainer, IDictionary<string, string> parameters) => new()
    {
        Format = ModelFormat.FormatName,
        FormatVersion = ModelFormat.CurrentVersion,
        Name = spec.ModelName,
        Task = spec.Task.Name(),
        Label = new LabelSpec(spec.LabelColumn, spec.LabelType, spec.Classes),
        Inputs = [],
        Predictor = new PredictorSpec(PredictorKinds.Predictions, spec.Task.LinkOf(), 0, []),
        Training = new TrainingInfo(trainer, new SortedDictionary<string, string>(parameters, StringComparer.Ordinal), spec.Seed,
            EngineInfo.Version, spec.TrainingFingerprint, spec.Rows.RowCount),
    };

    /// <summary>
    /// Checks predictions against the evaluation rows (one row each, in file order, probabilities for classifiers)
    /// and keeps them in canonical form beside the model; the model document, or null with diagnostics.
    /// </summary>
    private static ModelDocument? CheckPredictions(TrainingRequest spec, ModelDocument document, string predictionsPath, DiagnosticBag diagnostics)
    {
        if (spec.EvaluationData.Count == 0)
        {
            diagnostics.Error(DiagnosticCodes.PredictionsNeedEvaluationData,
                $"TrainerCommand '{spec.TrainerCommand}' wrote predictions instead of a model, but the project has no EvaluationData to hold them against. Add EvaluationData items, or write a model.", spec.ProjectFile);
            return null;
        }
        if (spec.EvaluationRowCount(document, diagnostics) is not { } rows) return null;
        var predictions = ExternalPredictions.Read(predictionsPath, $"{spec.ModelName}.predictions.csv (written by TrainerCommand)", document, rows, diagnostics);
        if (predictions is null) return null;
        ExternalPredictions.Write(spec.PredictionsPath, document, predictions);
        return document;
    }

    /// <summary>The command run through the platform's shell, with the request's path as its last argument and in <c>MLOPS_TRAINER_REQUEST</c>.</summary>
    private static ProcessStartInfo Command(string command, string requestPath, string directory)
    {
        var windows = OperatingSystem.IsWindows();
        var start = new ProcessStartInfo(windows ? "cmd.exe" : "/bin/sh") { WorkingDirectory = directory };
        start.ArgumentList.Add(windows ? "/c" : "-c");
        start.ArgumentList.Add($"{command} \"{requestPath}\"");
        start.Environment["MLOPS_TRAINER_REQUEST"] = requestPath;
        return start;
    }

    /// <summary>What went wrong with a trainer's run, as a coded message; null when it exited with 0.</summary>
    private static (string Code, string Message)? Failure(TrainingRequest spec, TrainerRun run)
    {
        var errors = run.LastErrors.Count > 0 ? $" Its last error output: {string.Join(" | ", run.LastErrors)}" : "";
        return run.End switch
        {
            TrainerEnd.TimedOut => (DiagnosticCodes.ExternalTrainerTimedOut,
                $"TrainerCommand '{spec.TrainerCommand}' was still running after TrainerTimeout ({spec.TrainerTimeout}) and was stopped, with every process it started. The last good model is kept.{errors}"),
            TrainerEnd.Cancelled => (DiagnosticCodes.ExternalTrainerCancelled,
                $"TrainerCommand '{spec.TrainerCommand}' was stopped, with every process it started, because the build was cancelled. The last good model is kept."),
            _ when run.ExitCode != 0 => (DiagnosticCodes.ExternalTrainerFailed, $"TrainerCommand '{spec.TrainerCommand}' exited with code {run.ExitCode}.{errors}"),
            _ => null,
        };
    }
}
