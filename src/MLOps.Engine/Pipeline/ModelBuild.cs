using System.Diagnostics;
using MLOps.Engine.Contracts;
using MLOps.Engine.Data;
using MLOps.Engine.Diagnostics;
using MLOps.Engine.Features;
using MLOps.Engine.IO;
using MLOps.Engine.Learners;
using MLOps.Engine.Metrics;
using MLOps.Engine.Reports;
using MLOps.Engine.Vocabulary;
using MLOps.Runtime;

namespace MLOps.Engine.Pipeline;

/// <summary>
/// The steps of a model build, in order: validate the data, train, evaluate. Each reads the spec and the files
/// the previous step wrote, so front ends can run them as separate targets; each writes its outputs atomically,
/// so a failed step leaves the last good outputs in place.
/// </summary>
public static class ModelBuild
{
    /// <summary>Is the last build's output still current? Hashes every input.</summary>
    public static (Fingerprint Fingerprint, UpToDateCheck Check) CheckUpToDate(ModelSpec spec)
    {
        var fingerprint = Fingerprint.Compute(spec);
        return (fingerprint, fingerprint.CompareWithRecorded(spec.Outputs));
    }

    /// <summary>Checks settings, training data and evaluation data without training; <paramref name="cancel"/> stops reading the data.</summary>
    public static StepResult Validate(ModelSpec spec, CancellationToken cancel = default)
    {
        var diagnostics = new DiagnosticBag(spec.MaxDiagnosticsPerCode);
        var messages = new List<string>();
        var settings = Settings.Check(spec, diagnostics);
        var contract = settings is null ? null : ReadContract(spec, diagnostics);
        if (settings is null || (spec.DataSchema is not null && (contract is null || !DataValidation.Run(spec, contract, diagnostics, messages))))
            return new StepResult(diagnostics.Complete(), messages);
        var training = TrainingData.Load(spec, settings, contract, diagnostics, cancel);
        if (training is not null)
        {
            messages.Add($"{spec.Name}: {training.All.RowCount:N0} training rows, {training.Types.Count} columns, label '{spec.LabelColumn}' with classes {MessageText.FirstFew(training.Classes, " / ")}.");
            if (spec.EvaluationData.Count > 0)
            {
                var evaluation = TableLoader.Load(spec.EvaluationData,
                    new LoadOptions(training.Types.Where(t => t.Value != ColumnType.Text).ToDictionary(), new HashSet<string> { spec.LabelColumn })
                    {
                        SameHeaderInEveryFile = false,
                        TypeOrigin = "as in the training data",
                        Cancel = cancel,
                    }, diagnostics);
                if (evaluation is not null) messages.Add($"{spec.Name}: {evaluation.RowCount:N0} evaluation rows.");
            }
        }
        return new StepResult(diagnostics.Complete(), messages);
    }

    /// <summary>
    /// Trains the model and writes the model file, then its record. An External trainer's output lines go to
    /// <paramref name="progress"/> as they come (on the calling thread), or without one into the result's messages.
    /// <paramref name="cancel"/> stops training with an <see cref="OperationCanceledException"/> before anything is
    /// written (an External trainer's processes are ended, MLOPS2022), so the last good outputs stay.
    /// </summary>
    public static StepResult Train(ModelSpec spec, Fingerprint fingerprint, Action<string>? progress = null, CancellationToken cancel = default)
    {
        var diagnostics = new DiagnosticBag(spec.MaxDiagnosticsPerCode);
        var messages = new List<string>();
        var settings = Settings.Check(spec, diagnostics);
        // Validation already said what it had to say about the columns; training reports only what goes wrong.
        var quiet = new DiagnosticBag(spec.MaxDiagnosticsPerCode);
        var training = settings is null ? null : TrainingData.Load(spec, settings, ReadContract(spec, quiet), quiet, cancel);
        if (settings is null || training is null)
        {
            if (!diagnostics.HasErrors) diagnostics.Error(DiagnosticCodes.FileAccessFailed, "The training data could not be read again after validation (was it changed during the build?). Build again.", spec.TrainingData[0].DisplayPath);
            return new StepResult(diagnostics.Complete(), messages);
        }

        var clock = Stopwatch.StartNew();
        if (spec.Trainer == Trainers.External)
        {
            var external = ExternalTraining.Run(spec, settings, fingerprint, training, progress ?? messages.Add, diagnostics, cancel);
            if (external is null) return new StepResult(diagnostics.Complete(), messages);
            AtomicFile.WriteAllBytes(spec.Outputs.ModelPath, ModelFormat.ToBytes(external));
            BuildRecord.Trained(spec.Outputs, fingerprint, predictionsOnly: external.Predictor.Kind == PredictorKinds.Predictions);
            messages.Add(external.Predictor.Kind == PredictorKinds.Predictions
                ? $"{spec.Name}: TrainerCommand wrote predictions for the evaluation rows, not a model, in {clock.Elapsed.TotalSeconds:0.00} s -> {spec.Outputs.PredictionsPath}"
                : $"{spec.Name}: trained by TrainerCommand in {clock.Elapsed.TotalSeconds:0.00} s -> {spec.Outputs.ModelPath}");
            return new StepResult(diagnostics.Complete(), messages);
        }
        cancel.ThrowIfCancellationRequested();
        var notInputs = spec.ExcludeColumns.Append(spec.LabelColumn).ToHashSet(StringComparer.Ordinal);
        var trees = spec.Trainer == Trainers.GradientBoostedTrees;
        var inputs = trees ? FeaturePlan.FitRaw(training.Rows, notInputs) : FeaturePlan.Fit(training.Rows, notInputs);
        if (inputs.Count == 0)
        {
            diagnostics.Error(DiagnosticCodes.NoFeatures, "No column is left to learn from: every column is the label, excluded, or text.", spec.ProjectFile);
            return new StepResult(diagnostics.Complete(), messages);
        }
        ReportCappedCategories(training.Rows, inputs, diagnostics, spec.TrainingData[0].DisplayPath);
        var label = training.Label(spec);
        var link = settings.Task.LinkOf();
        var untrained = new ModelDocument
        {
            Format = ModelFormat.FormatName,
            FormatVersion = ModelFormat.CurrentVersion,
            Name = spec.Name,
            Task = spec.Task,
            Label = new LabelSpec(spec.LabelColumn, training.LabelType(spec), training.Classes),
            Inputs = inputs,
            Predictor = trees
                ? new PredictorSpec(PredictorKinds.Trees, link, 0, []) { Trees = [] }
                : new PredictorSpec(PredictorKinds.Linear, link, 0, new double[new Featurizer(inputs).FeatureCount * (link == Links.Softmax ? training.Classes.Length : 1)])
                {
                    Intercepts = link == Links.Softmax ? new double[training.Classes.Length] : null,
                },
            Training = new TrainingInfo(spec.Trainer, settings.Parameters.ToStrings(), settings.Seed, EngineInfo.Version, fingerprint.Training, training.Rows.RowCount),
        };
        var model = new Model(untrained);
        var y = settings.Task == ModelTask.Regression ? label.Numbers!
            : LabelValues.Of(label).Select(v => (double)Array.IndexOf(training.Classes, v)).ToArray(); // class index: 0/1 for binary
        var (predictor, detail) = trees
            ? TreeTraining.Fit(model, training.Rows, y, settings, cancel)
            : LinearTraining.Fit(model, training.Rows, y, settings, spec, diagnostics, cancel);
        cancel.ThrowIfCancellationRequested(); // the last chance: from here the model and its record are written together

        var trained = untrained with { Predictor = predictor };
        if (ConstantModel.Explain(spec.Trainer, predictor, settings, training.Rows.RowCount) is { } constant)
            diagnostics.Warning(DiagnosticCodes.ConstantModel, constant, spec.ProjectFile);
        AtomicFile.WriteAllBytes(spec.Outputs.ModelPath, ModelFormat.ToBytes(trained));
        BuildRecord.Trained(spec.Outputs, fingerprint, predictionsOnly: false);
        messages.Add($"{spec.Name}: trained {spec.Trainer} on {training.Rows.RowCount:N0} rows × {model.FeatureCount} features in {clock.Elapsed.TotalSeconds:0.00} s{detail} -> {spec.Outputs.ModelPath}");
        return new StepResult(diagnostics.Complete(), messages);
    }

    /// <summary>Scores the evaluation data with the model file, writes metrics and report, then records them.</summary>
    public static StepResult Evaluate(ModelSpec spec, Fingerprint fingerprint)
    {
        var diagnostics = new DiagnosticBag(spec.MaxDiagnosticsPerCode);
        var messages = new List<string>();
        var model = ModelFiles.LoadBuilt(spec, diagnostics);
        if (model is null) return new StepResult(diagnostics.Complete(), messages);
        var document = model.Document;
        var evaluation = EvaluationData.Load(spec, document, document.Training.Seed, diagnostics);
        var scores = evaluation is null ? null : model.ScoresFor(spec, evaluation, diagnostics);
        if (evaluation is null || scores is null) return new StepResult(diagnostics.Complete(), messages);

        var task = ModelTasks.Of(document);
        var (values, undefined) = MetricsFile.Split(MetricCatalog.Compute(task, evaluation.Labels, scores), task, evaluation.Labels, document.Label.Classes);
        var metrics = new MetricsFile(spec.Name, document.Task, document.Label.Name, task == ModelTask.BinaryClassification ? document.Label.Classes[1] : null,
            evaluation.HeldOut ? [] : spec.EvaluationData.Select(f => f.DisplayPath).ToArray(),
            evaluation.HeldOut, evaluation.Rows.RowCount, values, undefined);
        metrics.Write(spec.Outputs.MetricsPath);
        AtomicFile.WriteAllText(spec.Outputs.ReportPath, MarkdownReport.Render(document, metrics, spec.TrainingData.Select(f => f.DisplayPath).ToArray()));
        BuildRecord.Evaluated(spec.Outputs, fingerprint, predictionsOnly: model.Scorer is null, validated: spec.DataSchema is not null);
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

    /// <summary>Says which category inputs kept only their most frequent values, and how many rows the rest cover.</summary>
    private static void ReportCappedCategories(DataTable rows, IReadOnlyList<InputSpec> inputs, DiagnosticBag diagnostics, string file)
    {
        foreach (var input in inputs.Where(i => i.Levels is not null))
        {
            var column = rows.Find(input.Name)!;
            if (column.Levels!.Length <= input.Levels!.Count) continue;
            var kept = input.Levels.ToHashSet(StringComparer.Ordinal);
            var keptCodes = column.Levels.Select(kept.Contains).ToArray();
            var codes = column.Codes!;
            var others = codes.Count(code => code >= 0 && !keptCodes[code]);
            diagnostics.Warning(DiagnosticCodes.CategoriesCapped,
                $"Column '{input.Name}' has {column.Levels.Length:N0} distinct values; the model keeps the {input.Levels.Count} most frequent as categories and scores the other " +
                $"{column.Levels.Length - input.Levels.Count:N0} ({others:N0} of {codes.Length:N0} training rows) as missing. " +
                $"If it is an identifier or free text, add <ExcludeColumn Include=\"{input.Name}\" />.",
                file);
        }
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

    private static double[] ScoreAll(Model model, DataTable table, int width)
    {
        const int Batch = 4096;
        var rows = new TableRows(table, model.Document.Inputs);
        var row = model.CreateRow();
        var features = new double[Batch * model.FeatureCount];
        var scores = new double[table.RowCount * width];
        for (var start = 0; start < table.RowCount; start += Batch)
        {
            var count = Math.Min(Batch, table.RowCount - start);
            for (var r = 0; r < count; r++)
            {
                rows.Fill(start + r, row);
                model.Featurize(row, features.AsSpan(r * model.FeatureCount, model.FeatureCount));
            }
            model.ScoreFeaturesBatch(features.AsSpan(0, count * model.FeatureCount), scores.AsSpan(start * width, count * width));
        }
        return scores;
    }

    /// <summary>Runs the gates and writes the gate result; <paramref name="cancel"/> stops the bootstrap before anything is written.</summary>
    public static StepResult Gate(ModelSpec spec, Fingerprint fingerprint, CancellationToken cancel = default) => GateStep.Run(spec, fingerprint, cancel);
}
