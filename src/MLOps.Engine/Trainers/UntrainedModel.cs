using MLOps.Engine.Data;
using MLOps.Engine.Diagnostics;
using MLOps.Engine.Features;
using MLOps.Engine.Vocabulary;
using MLOps.Runtime;

namespace MLOps.Engine.Trainers;

/// <summary>
/// What every trainer that fits on featurized rows starts from (the built-ins and plug-ins such as ML.NET's): the
/// inputs chosen from the training rows, the model document with an empty predictor of the right shape, and the labels
/// as numbers (targets, or class indices: 0/1 for binary).
/// </summary>
public static class UntrainedModel
{
    /// <summary>
    /// The untrained document (trees on raw inputs, or a linear predictor on one-hot, standardized inputs) and the labels;
    /// null with a coded error when no column is left to learn from.
    /// </summary>
    public static (ModelDocument Document, double[] Labels)? For(TrainingRequest request, string trainer, bool rawInputs)
    {
        var rows = request.Rows;
        var notInputs = request.ExcludeColumns.Append(request.LabelColumn).ToHashSet(StringComparer.Ordinal);
        var inputs = rawInputs ? FeaturePlan.FitRaw(rows, notInputs) : FeaturePlan.Fit(rows, notInputs);
        if (inputs.Count == 0)
        {
            request.Diagnostics.Error(DiagnosticCodes.NoFeatures, "No column is left to learn from: every column is the label, excluded, or text.", request.ProjectFile);
            return null;
        }
        ReportCappedCategories(rows, inputs, request.Diagnostics, request.TrainingData.Count > 0 ? request.TrainingData[0].DisplayPath : request.ProjectFile);
        var link = request.Task.LinkOf();
        var classes = request.Classes;
        var document = Document(request, trainer, inputs, rawInputs
                ? new PredictorSpec(PredictorKinds.Trees, link, 0, []) { Trees = [] }
                : new PredictorSpec(PredictorKinds.Linear, link, 0, new double[new Featurizer(inputs).FeatureCount * (link == Links.Softmax ? classes.Length : 1)])
                {
                    Intercepts = link == Links.Softmax ? new double[classes.Length] : null,
                },
            rows.RowCount);
        var label = rows.Find(request.LabelColumn)!;
        var y = request.Task == ModelTask.Regression ? label.Numbers!
            : LabelValues.Indices(label, classes);
        return (document, y);
    }
    /// <summary>A model document of <paramref name="request"/>'s name, task and label, trained by <paramref name="trainer"/> with its parameters and seed on <paramref name="trainingRows"/> rows.</summary>
    public static ModelDocument Document(TrainingRequest request, string trainer, IReadOnlyList<InputSpec> inputs, PredictorSpec predictor, int trainingRows) => new()
    {
        Format = ModelFormat.FormatName,
        FormatVersion = ModelFormat.CurrentVersion,
        Name = request.ModelName,
        Task = request.Task.Name(),
        Label = new LabelSpec(request.LabelColumn, request.LabelType, request.Classes),
        Inputs = inputs,
        Predictor = predictor,
        Training = new TrainingInfo(trainer, request.Parameters.ToStrings(), request.Seed, EngineInfo.Version, request.TrainingFingerprint, trainingRows),
    };

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
