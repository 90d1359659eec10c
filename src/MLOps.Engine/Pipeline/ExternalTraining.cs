using System.Diagnostics;
using System.Text.Json;
using MLOps.Engine.Diagnostics;
using MLOps.Engine.IO;
using MLOps.Engine.Vocabulary;
using MLOps.Runtime;

namespace MLOps.Engine.Pipeline;

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

    public static ModelDocument? Run(ModelSpec spec, Settings settings, Fingerprint fingerprint, TrainingData training, Action<string> progress,
        DiagnosticBag diagnostics, CancellationToken cancellation)
    {
        var work = Directory.CreateTempSubdirectory("mlops-external-").FullName;
        try
        {
            var modelPath = Path.Combine(work, $"{spec.Name}.model.json");
            var predictionsPath = Path.Combine(work, $"{spec.Name}.predictions.csv");
            var requestPath = Path.Combine(work, "request.json");
            var request = new
            {
                format = RequestFormat,
                formatVersion = 1,
                model = spec.Name,
                task = spec.Task,
                labelColumn = spec.LabelColumn,
                classes = training.Classes,
                trainingData = spec.TrainingData.Select(f => f.FullPath).ToArray(),
                evaluationData = spec.EvaluationData.Select(f => f.FullPath).ToArray(),
                excludeColumns = spec.ExcludeColumns,
                dataContract = spec.DataSchema?.FullPath,
                parameters = spec.TrainerParameters.ToDictionary(p => p.Key, p => p.Value),
                seed = settings.Seed,
                modelPath,
                modelFormat = ModelFormat.FormatName,
                modelFormatVersion = ModelFormat.CurrentVersion,
                predictionsPath,
                predictionColumns = ExternalPredictions.Columns(settings.Task, training.Classes),
            };
            File.WriteAllBytes(requestPath, JsonSerializer.SerializeToUtf8Bytes(request, new JsonSerializerOptions { WriteIndented = true }));

            var projectDirectory = Path.GetDirectoryName(Path.GetFullPath(spec.ProjectFile)) ?? ".";
            var run = TrainerProcess.Run(Command(spec.TrainerCommand!, requestPath, projectDirectory), settings.TrainerTimeout,
                line => progress($"{spec.Name}: [trainer] {line}"), cancellation);
            if (Failure(spec, settings, run) is { } failure)
            {
                diagnostics.Error(failure.Code, failure.Message, spec.ProjectFile);
                return null;
            }
            if (!File.Exists(modelPath) && File.Exists(predictionsPath))
                return CheckPredictions(spec, PredictionsOnly(spec, settings, fingerprint, training, request.parameters), predictionsPath, diagnostics);
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
            if (document.Task != spec.Task || document.Label.Name != spec.LabelColumn)
            {
                diagnostics.Error(DiagnosticCodes.ExternalModelInvalid,
                    $"TrainerCommand '{spec.TrainerCommand}' wrote a {document.Task} model of '{document.Label.Name}', but the project asks for {spec.Task} of '{spec.LabelColumn}'.", spec.ProjectFile);
                return null;
            }
            return document with
            {
                Name = spec.Name,
                Training = new TrainingInfo(spec.Trainer, new SortedDictionary<string, string>(request.parameters, StringComparer.Ordinal), settings.Seed,
                    EngineInfo.Version, fingerprint.Training, document.Training.TrainingRows),
            };
        }
        finally
        {
            try { Directory.Delete(work, recursive: true); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
    }

    /// <summary>The document of a model that is only its trainer's predictions: task, label and provenance, no inputs, no scorer.</summary>
    private static ModelDocument PredictionsOnly(ModelSpec spec, Settings settings, Fingerprint fingerprint, TrainingData training, IDictionary<string, string> parameters) => new()
    {
        Format = ModelFormat.FormatName,
        FormatVersion = ModelFormat.CurrentVersion,
        Name = spec.Name,
        Task = spec.Task,
        Label = new LabelSpec(spec.LabelColumn, training.LabelType(spec), training.Classes),
        Inputs = [],
        Predictor = new PredictorSpec(PredictorKinds.Predictions, settings.Task.LinkOf(), 0, []),
        Training = new TrainingInfo(spec.Trainer, new SortedDictionary<string, string>(parameters, StringComparer.Ordinal), settings.Seed,
            EngineInfo.Version, fingerprint.Training, training.Rows.RowCount),
    };

    /// <summary>
    /// Checks predictions against the evaluation rows (one row each, in file order, probabilities for classifiers)
    /// and keeps them in canonical form beside the model; the model document, or null with diagnostics.
    /// </summary>
    private static ModelDocument? CheckPredictions(ModelSpec spec, ModelDocument document, string predictionsPath, DiagnosticBag diagnostics)
    {
        if (spec.EvaluationData.Count == 0)
        {
            diagnostics.Error(DiagnosticCodes.PredictionsNeedEvaluationData,
                $"TrainerCommand '{spec.TrainerCommand}' wrote predictions instead of a model, but the project has no EvaluationData to hold them against. Add EvaluationData items, or write a model.", spec.ProjectFile);
            return null;
        }
        var evaluation = EvaluationData.Load(spec, document, document.Training.Seed, diagnostics);
        if (evaluation is null) return null;
        var predictions = ExternalPredictions.Read(predictionsPath, $"{spec.Name}.predictions.csv (written by TrainerCommand)", document, evaluation.Rows.RowCount, diagnostics);
        if (predictions is null) return null;
        ExternalPredictions.Write(spec.Outputs.PredictionsPath, document, predictions);
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
    private static (string Code, string Message)? Failure(ModelSpec spec, Settings settings, TrainerRun run)
    {
        var errors = run.LastErrors.Count > 0 ? $" Its last error output: {string.Join(" | ", run.LastErrors)}" : "";
        return run.End switch
        {
            TrainerEnd.TimedOut => (DiagnosticCodes.ExternalTrainerTimedOut,
                $"TrainerCommand '{spec.TrainerCommand}' was still running after TrainerTimeout ({settings.TrainerTimeout}) and was stopped, with every process it started. The last good model is kept.{errors}"),
            TrainerEnd.Cancelled => (DiagnosticCodes.ExternalTrainerCancelled,
                $"TrainerCommand '{spec.TrainerCommand}' was stopped, with every process it started, because the build was cancelled. The last good model is kept."),
            _ when run.ExitCode != 0 => (DiagnosticCodes.ExternalTrainerFailed, $"TrainerCommand '{spec.TrainerCommand}' exited with code {run.ExitCode}.{errors}"),
            _ => null,
        };
    }
}
