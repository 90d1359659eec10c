using MLOps.Engine.Data;
using MLOps.Engine.Diagnostics;
using MLOps.Engine.Features;
using MLOps.Engine.Learners;
using MLOps.Engine.Vocabulary;
using MLOps.Runtime;

namespace MLOps.Engine.Trainers;

/// <summary>
/// What the built-in trainers share: choose the inputs, describe the untrained model, turn labels into numbers, fit
/// (each trainer's own <see cref="Fit"/>), and warn when the fit ignores every input.
/// </summary>
public abstract class LearnedTrainer : ITrainer
{
    public abstract string Name { get; }
    public abstract string Summary { get; }
    public abstract IReadOnlyList<ModelTask> Tasks { get; }
    public abstract IReadOnlyList<ParameterDefinition> Parameters { get; }
    IReadOnlyList<ParameterDefinition>? ITrainer.Parameters => Parameters;

    /// <summary>Trees split raw numbers and category indices; linear models need one-hot, standardized inputs.</summary>
    protected abstract bool RawInputs { get; }

    /// <summary>Fits the predictor of <paramref name="model"/> (untrained) to labels <paramref name="y"/> (targets, or class indices); a detail for the message.</summary>
    protected abstract (PredictorSpec Predictor, string Detail) Fit(Model model, double[] y, TrainingRequest request);

    public TrainedModel? Train(TrainingRequest request)
    {
        request.Cancel.ThrowIfCancellationRequested();
        var rows = request.Rows;
        var notInputs = request.ExcludeColumns.Append(request.LabelColumn).ToHashSet(StringComparer.Ordinal);
        var inputs = RawInputs ? FeaturePlan.FitRaw(rows, notInputs) : FeaturePlan.Fit(rows, notInputs);
        if (inputs.Count == 0)
        {
            request.Diagnostics.Error(DiagnosticCodes.NoFeatures, "No column is left to learn from: every column is the label, excluded, or text.", request.ProjectFile);
            return null;
        }
        ReportCappedCategories(rows, inputs, request.Diagnostics, request.TrainingData.Count > 0 ? request.TrainingData[0].DisplayPath : request.ProjectFile);
        var link = request.Task.LinkOf();
        var classes = request.Classes;
        var untrained = new ModelDocument
        {
            Format = ModelFormat.FormatName,
            FormatVersion = ModelFormat.CurrentVersion,
            Name = request.ModelName,
            Task = request.Task.Name(),
            Label = new LabelSpec(request.LabelColumn, request.LabelType, classes),
            Inputs = inputs,
            Predictor = RawInputs
                ? new PredictorSpec(PredictorKinds.Trees, link, 0, []) { Trees = [] }
                : new PredictorSpec(PredictorKinds.Linear, link, 0, new double[new Featurizer(inputs).FeatureCount * (link == Links.Softmax ? classes.Length : 1)])
                {
                    Intercepts = link == Links.Softmax ? new double[classes.Length] : null,
                },
            Training = new TrainingInfo(Name, request.Parameters.ToStrings(), request.Seed, EngineInfo.Version, request.TrainingFingerprint, rows.RowCount),
        };
        var model = new Model(untrained);
        var label = rows.Find(request.LabelColumn)!;
        var y = request.Task == ModelTask.Regression ? label.Numbers!
            : LabelValues.Of(label).Select(v => (double)Array.IndexOf(classes, v)).ToArray(); // class index: 0/1 for binary
        var (predictor, detail) = Fit(model, y, request);
        request.Cancel.ThrowIfCancellationRequested(); // the last chance: from here the model and its record are written together

        if (ConstantModel.Explain(Name, predictor, request.Parameters, rows.RowCount) is { } constant)
            request.Diagnostics.Warning(DiagnosticCodes.ConstantModel, constant, request.ProjectFile);
        return new TrainedModel(untrained with { Predictor = predictor },
            elapsed => $"{request.ModelName}: trained {Name} on {rows.RowCount:N0} rows × {model.FeatureCount} features in {elapsed.TotalSeconds:0.00} s{detail}");
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
}
