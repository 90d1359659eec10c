using System.Diagnostics;
using MLOps.Engine.Contracts;
using MLOps.Engine.Data;
using MLOps.Engine.Diagnostics;
using MLOps.Engine.Features;
using MLOps.Engine.IO;
using MLOps.Engine.Metrics;
using MLOps.Engine.Profiles;
using MLOps.Engine.Reports;
using MLOps.Engine.Trainers;
using MLOps.Engine.Vocabulary;
using MLOps.Runtime;
using MLOps.Runtime.Monitoring;

namespace MLOps.Engine.Pipeline;

/// <summary>
/// The steps of a model build, in order: validate the data, train, evaluate. Each reads the spec and the files
/// the previous step wrote, so front ends can run them as separate targets; each writes its outputs atomically,
/// so a failed step leaves the last good outputs in place.
/// </summary>
public static class ModelBuild
{
    /// <summary>Is the last build's output still current? Hashes every input (keeping them in <paramref name="held"/> when given).</summary>
    public static (Fingerprint Fingerprint, UpToDateCheck Check) CheckUpToDate(ModelSpec spec, HeldFiles? held = null)
    {
        var fingerprint = Fingerprint.Compute(spec, held, BuildRecord.Read(spec.Outputs));
        return (fingerprint, fingerprint.CompareWithRecorded(spec.Outputs));
    }

    /// <summary>
    /// Checks settings, training data and evaluation data without training; <paramref name="cancel"/> stops reading the
    /// data. What it loads stays in <paramref name="data"/> for the later steps of the build.
    /// </summary>
    public static StepResult Validate(ModelSpec spec, CancellationToken cancel = default, BuildData? data = null)
    {
        using var invariant = InvariantCultureScope.Enter(); // messages read alike on every machine
        var diagnostics = new DiagnosticBag(spec.MaxDiagnosticsPerCode);
        var messages = new List<string>();
        var settings = Settings.Check(spec, diagnostics);
        var contract = settings is null ? null : ReadContract(spec, diagnostics);
        if (settings is null || (spec.DataSchema is not null && (contract is null || !DataValidation.Run(spec, contract, diagnostics, messages, cancel))))
            return new StepResult(diagnostics.Complete(), messages);
        data ??= new BuildData();
        // With a model to train next, the evaluation rows are loaded before the training rows and parked out of memory
        // until evaluation (BuildData.Park), so the build never holds both; what loading them reported follows the
        // training rows' diagnostics, as when they are loaded after them.
        var parking = data.ParkEvaluation && spec.EvaluationData.Count > 0;
        var evaluationBag = new DiagnosticBag(spec.MaxDiagnosticsPerCode);
        int? evaluationRows = null; // the rows, not the table: a parked table is held nowhere else
        int? LoadEvaluation(IReadOnlyDictionary<string, ColumnType> types) => data.LoadTable(spec.EvaluationData,
            new LoadOptions(types.Where(t => t.Value != ColumnType.Text).ToDictionary(), new HashSet<string> { spec.LabelColumn })
            {
                SameHeaderInEveryFile = false,
                TypeOrigin = "as in the training data",
                Cancel = cancel,
            }, evaluationBag)?.RowCount;
        var training = data.Training = TrainingData.Load(spec, settings, contract, diagnostics, cancel, data, parking ? types =>
        {
            evaluationRows = LoadEvaluation(types);
            if (evaluationRows is not null) data.Park(spec.EvaluationData);
        } : null);
        if (training is null)
        {
            if (evaluationRows is not null) data.Forget(spec.EvaluationData);
            return new StepResult(diagnostics.Complete(), messages);
        }
        messages.Add($"{spec.Name}: {training.All.RowCount:N0} training rows, {training.Types.Count} columns, label '{spec.LabelColumn}' with classes {MessageText.FirstFew(training.Classes, " / ")}.");
        if (spec.EvaluationData.Count > 0)
        {
            if (!parking) evaluationRows = LoadEvaluation(training.Types);
            diagnostics.Absorb(evaluationBag, 0);
            if (evaluationRows is { } rows) messages.Add($"{spec.Name}: {rows:N0} evaluation rows.");
        }
        return new StepResult(diagnostics.Complete(), messages);
    }

    /// <summary>
    /// Trains the model and writes the model file, then its record. An External trainer's output lines go to
    /// <paramref name="progress"/> as they come (on the calling thread), or without one into the result's messages.
    /// <paramref name="cancel"/> stops training with an <see cref="OperationCanceledException"/> before anything is
    /// written (an External trainer's processes are ended, MLOPS2022), so the last good outputs stay.
    /// </summary>
    public static StepResult Train(ModelSpec spec, Fingerprint fingerprint, Action<string>? progress = null, CancellationToken cancel = default, BuildData? data = null)
    {
        using var invariant = InvariantCultureScope.Enter(); // messages read alike on every machine
        var diagnostics = new DiagnosticBag(spec.MaxDiagnosticsPerCode);
        var messages = new List<string>();
        var settings = Settings.Check(spec, diagnostics);
        var clock = Stopwatch.StartNew();
        var request = settings is null ? null : Request(spec, settings, fingerprint, diagnostics, progress ?? messages.Add, cancel, data);
        if (settings is null || request is null)
        {
            if (!diagnostics.HasErrors) diagnostics.Error(DiagnosticCodes.FileAccessFailed, "The training data could not be read again after validation (was it changed during the build?). Build again.", spec.TrainingData[0].DisplayPath);
            return new StepResult(diagnostics.Complete(), messages);
        }
        var trained = spec.PretrainedModel is { } pretrained ? PretrainedModelStep.Take(spec, pretrained, request) : settings.Trainer.Train(request);
        if (trained is null) return new StepResult(diagnostics.Complete(), messages);
        cancel.ThrowIfCancellationRequested(); // the last chance: from here the model and its record are written together

        // An ML.NET model with no MLOps.Runtime form goes beside its model file as it was given, scored through ML.NET.
        var mlnet = trained.Document.Predictor.Kind == PredictorKinds.MLNet && spec.PretrainedModel is not null;
        var predictionsOnly = mlnet || trained.Document.Predictor.Kind == PredictorKinds.Predictions;
        var document = mlnet ? trained.Document with { Predictor = trained.Document.Predictor with { ModelFile = Path.GetFileName(spec.Outputs.MLNetModelPath) } } : trained.Document;
        if (mlnet) AtomicFile.WriteAllBytes(spec.Outputs.MLNetModelPath, File.ReadAllBytes(spec.PretrainedModel!.FullPath));
        if (trained.Predictions is { } predictions) ExternalPredictions.Write(spec.Outputs.PredictionsPath, document, predictions);
        AtomicFile.WriteAllBytes(spec.Outputs.ModelPath, ModelFormat.ToBytes(document));
        BuildRecord.Trained(spec.Outputs, fingerprint, predictionsOnly, mlnet);
        messages.Add($"{trained.Describe(clock.Elapsed)} -> {(predictionsOnly && !mlnet ? spec.Outputs.PredictionsPath : spec.Outputs.ModelPath)}");
        return new StepResult(diagnostics.Complete(), messages);
    }

    /// <summary>
    /// What the trainer is given, or null when the training rows cannot be loaded. The checked rows are taken from
    /// <paramref name="data"/>, and with evaluation files of their own nothing after training reads the training table
    /// either, so it is forgotten too: the request is then the rows' last holder, and a trainer that takes them (the
    /// trees, once binned) lets their memory go before it trains. A method of its own so no caller's frame holds them.
    /// </summary>
    private static TrainingRequest? Request(ModelSpec spec, Settings settings, Fingerprint fingerprint, DiagnosticBag diagnostics, Action<string> progress,
        CancellationToken cancel, BuildData? data)
    {
        // Validation already said what it had to say about the columns; training reports only what goes wrong.
        var quiet = new DiagnosticBag(spec.MaxDiagnosticsPerCode);
        var training = data?.Training ?? TrainingData.Load(spec, settings, ReadContract(spec, quiet), quiet, cancel, data);
        if (training is null) return null;
        if (data is not null)
        {
            data.Training = null;
            if (spec.EvaluationData.Count > 0) data.Forget(spec.TrainingData);
        }
        return new TrainingRequest
        {
            ModelName = spec.Name,
            ProjectFile = spec.ProjectFile,
            Task = settings.Task,
            LabelColumn = spec.LabelColumn,
            LabelType = training.LabelType(spec),
            Classes = training.Classes,
            Rows = training.Rows,
            ExcludeColumns = spec.ExcludeColumns,
            Seed = settings.Seed,
            Parameters = settings.Parameters,
            WrittenParameters = spec.TrainerParameters,
            TrainingFingerprint = fingerprint.Training,
            Diagnostics = diagnostics,
            Progress = progress,
            Cancel = cancel,
            TrainingData = spec.TrainingData,
            EvaluationData = spec.EvaluationData,
            DataSchema = spec.DataSchema,
            TrainerCommand = spec.TrainerCommand,
            TrainerTimeout = settings.TrainerTimeout,
            PredictionsPath = spec.Outputs.PredictionsPath,
            EvaluationRowCount = (document, bag) => EvaluationData.Load(spec, document, document.Training.Seed, bag)?.Rows.RowCount,
            EvaluationRows = (document, bag) => EvaluationData.Load(spec, document, document.Training.Seed, bag, data: data)?.Rows,
        };
    }

    /// <summary>Scores the evaluation data with the model file, writes metrics and report, then records them.</summary>
    public static StepResult Evaluate(ModelSpec spec, Fingerprint fingerprint, BuildData? data = null)
    {
        using var invariant = InvariantCultureScope.Enter(); // messages read alike on every machine
        var diagnostics = new DiagnosticBag(spec.MaxDiagnosticsPerCode);
        var messages = new List<string>();
        if (spec.ExportsOnnx is not { } exportOnnx)
        {
            diagnostics.Error(DiagnosticCodes.InvalidExportOnnx, $"ModelExportOnnx '{spec.ExportOnnx}' is neither true nor false.", spec.ProjectFile);
            return new StepResult(diagnostics.Complete(), messages);
        }
        var model = ModelFiles.LoadBuilt(spec, diagnostics);
        if (model is null) return new StepResult(diagnostics.Complete(), messages);
        var document = model.Document;
        var evaluation = EvaluationData.Load(spec, document, document.Training.Seed, diagnostics, data: data);
        var scores = evaluation is null ? null : model.ScoresFor(spec, evaluation, diagnostics);
        if (evaluation is null || scores is null) return new StepResult(diagnostics.Complete(), messages);
        // Checked against the scores the metrics come from, before anything is written: a file that disagrees is not kept.
        if (exportOnnx && !OnnxExportStep.Run(spec, document, evaluation.Rows, scores, diagnostics, messages)) return new StepResult(diagnostics.Complete(), messages);

        var task = ModelTasks.Of(document);
        var computed = MetricRegistry.Compute(task, evaluation.Labels, scores);
        if (data is not null && model.Scorer is not null)
            data.Evaluated = new EvaluatedScores(model.Sha256, EvaluatedScores.ColumnsOf(document, evaluation.Rows), scores, computed);
        var (values, undefined) = MetricsFile.Split(computed, task, evaluation.Labels, document.Label.Classes);
        var metrics = new MetricsFile(spec.Name, document.Task, document.Label.Name, task == ModelTask.BinaryClassification ? document.Label.Classes[1] : null,
            evaluation.HeldOut ? [] : spec.EvaluationData.Select(f => f.DisplayPath).ToArray(),
            evaluation.HeldOut, evaluation.Rows.RowCount, values, undefined);
        metrics.Write(spec.Outputs.MetricsPath);
        if (model.Scorer is not null)
            AtomicFile.WriteAllBytes(spec.Outputs.ProfilePath, ProfileFormat.ToBytes(TableProfile.Reference(document, evaluation.Rows, scores, evaluation.Labels, metrics.Metrics)));
        AtomicFile.WriteAllText(spec.Outputs.ReportPath, MarkdownReport.Render(document, metrics, spec.TrainingData.Select(f => f.DisplayPath).ToArray()));
        BuildRecord.Evaluated(spec.Outputs, fingerprint, predictionsOnly: model.Scorer is null, validated: spec.DataSchema is not null, onnx: exportOnnx);
        var rows = $"{metrics.Rows:N0} {(metrics.HeldOut ? "held-out" : "evaluation")} rows";
        if (undefined is not null)
            diagnostics.Warning(DiagnosticCodes.MetricUndefined,
                $"Some metrics are undefined on the {rows} and are written as null: {string.Join("; ", undefined.GroupBy(u => u.Value).Select(g => $"{string.Join(", ", g.Select(u => u.Key))} ({g.Key})"))}. " +
                "Gates on them are inconclusive. Evaluate on more rows, with every class (EvaluationData).",
                spec.EvaluationData.Count > 0 ? spec.EvaluationData[0].DisplayPath : spec.ProjectFile);
        messages.Add($"{spec.Name}: {string.Join(", ", metrics.Metrics.Select(m => $"{m.Key} {MetricsFile.Format(m.Value)}"))} on {rows} -> {spec.Outputs.MetricsPath}");
        messages.Add($"{spec.Name}: report -> {spec.Outputs.ReportPath}");
        return new StepResult(diagnostics.Complete(), messages);
    }

    /// <summary>The project's data contract, or null when it has none or it cannot be read (then with diagnostics).</summary>
    private static DataContract? ReadContract(ModelSpec spec, DiagnosticBag diagnostics) =>
        spec.DataSchema is null ? null : ContractFile.Read(spec.DataSchema, diagnostics);

    /// <summary>One score per row, or (multiclass) every class's probability per row, row-major.</summary>
    internal static double[] ScoresOf(Model model, DataTable table) => model.ClassCount > 1 ? ScoreClasses(model, table) : Score(model, table);

    /// <summary>Scores every row of a table with the runtime scorer, as an app would (in batches: the same bits as one row at a time).</summary>
    public static double[] Score(Model model, DataTable table) => ScoreAll(model, table, 1);

    /// <summary>Every row's class probabilities (row-major, rows × classes) from a multiclass model, as an app would score them.</summary>
    public static double[] ScoreClasses(Model model, DataTable table) => ScoreAll(model, table, model.ClassCount);

    /// <summary>Batches on every core, each with its own row and features (a row's score does not depend on its batch).</summary>
    private static double[] ScoreAll(Model model, DataTable table, int width)
    {
        const int Batch = 4096;
        var rows = new TableRows(table, model.Document.Inputs);
        var scores = new double[table.RowCount * width];
        Parallel.For(0, (table.RowCount + Batch - 1) / Batch, () => (Row: model.CreateRow(), Features: new double[Batch * model.FeatureCount]), (b, _, buffers) =>
        {
            var start = b * Batch;
            var count = Math.Min(Batch, table.RowCount - start);
            for (var r = 0; r < count; r++)
            {
                rows.Fill(start + r, buffers.Row);
                model.Featurize(buffers.Row, buffers.Features.AsSpan(r * model.FeatureCount, model.FeatureCount));
            }
            model.ScoreFeaturesBatch(buffers.Features.AsSpan(0, count * model.FeatureCount), scores.AsSpan(start * width, count * width));
            return buffers;
        }, _ => { });
        return scores;
    }

    /// <summary>Runs the gates and writes the gate result; <paramref name="cancel"/> stops the bootstrap before anything is written.</summary>
    public static StepResult Gate(ModelSpec spec, Fingerprint fingerprint, CancellationToken cancel = default, BuildData? data = null) => GateStep.Run(spec, fingerprint, cancel, data);
}
