using MLOps.Engine.Data;
using MLOps.Engine.Diagnostics;
using MLOps.Engine.Features;
using MLOps.Engine.Vocabulary;
using MLOps.Runtime;

namespace MLOps.Engine.Pipeline;

/// <summary>Evaluation rows read with the model's column types, with 0/1 labels for the model's classes.</summary>
internal sealed record EvaluationData(DataTable Rows, double[] Labels, bool HeldOut)
{
    /// <summary>The types of the model's inputs and label, to read evaluation data the way training data was read.</summary>
    public static IReadOnlyDictionary<string, ColumnType> TypesOf(ModelDocument model)
    {
        static ColumnType Map(string type) => type switch
        {
            InputTypes.Number => ColumnType.Number,
            InputTypes.Boolean => ColumnType.Boolean,
            _ => ColumnType.Category,
        };
        var types = model.Inputs.ToDictionary(i => i.Name, i => Map(i.Type), StringComparer.Ordinal);
        types[model.Label.Name] = Map(model.Label.Type);
        return types;
    }

    /// <summary>Loads the evaluation rows for <paramref name="model"/> (and for <paramref name="alsoScoredBy"/>, whose inputs are loaded too).</summary>
    public static EvaluationData? Load(ModelSpec spec, ModelDocument model, int seed, DiagnosticBag diagnostics, ModelDocument? alsoScoredBy = null, BuildData? data = null)
    {
        var heldOut = spec.EvaluationData.Count == 0;
        var files = heldOut ? spec.TrainingData : spec.EvaluationData;
        var types = new Dictionary<string, ColumnType>(TypesOf(model), StringComparer.Ordinal);
        if (alsoScoredBy is not null)
            foreach (var (name, type) in TypesOf(alsoScoredBy)) types.TryAdd(name, type);
        var options = new LoadOptions(types, new HashSet<string> { model.Label.Name })
        {
            SameHeaderInEveryFile = heldOut,
            TypeOrigin = "as in the training data",
        };
        var table = (data ?? new BuildData()).LoadTable(files, options, diagnostics);
        if (table is null) return null;
        if (heldOut) table = table.Where(HoldOut.Mask(table.RowCount, seed));

        ReportUnseenCategories(table, model, files[0].DisplayPath, diagnostics);
        if (ModelTasks.Of(model) == ModelTask.Regression) return diagnostics.HasErrors ? null : new EvaluationData(table, table.Find(model.Label.Name)!.Numbers!, heldOut);
        var classes = LabelValues.Of(table.Find(model.Label.Name)!);
        var modelClasses = model.Label.Classes.ToArray();
        var labels = new double[table.RowCount];
        for (var r = 0; r < labels.Length; r++)
        {
            var index = Array.IndexOf(modelClasses, classes[r]);
            if (index < 0)
            {
                diagnostics.Error(DiagnosticCodes.WrongClassCount,
                    $"Label '{classes[r]}' in column '{model.Label.Name}' is not a class the model was trained on ({MessageText.FirstFew(model.Label.Classes)}).",
                    files[0].DisplayPath);
                continue;
            }
            labels[r] = index;
        }
        return diagnostics.HasErrors ? null : new EvaluationData(table, labels, heldOut);
    }

    /// <summary>
    /// The values of <paramref name="columns"/> (slice and sensitive columns) for the same evaluation rows, as text,
    /// whatever the columns' types and whether or not the model uses them.
    /// </summary>
    public static IReadOnlyDictionary<string, string?[]>? LoadGroups(ModelSpec spec, IReadOnlyCollection<string> columns, int seed, DiagnosticBag diagnostics, BuildData? data = null)
    {
        if (columns.Count == 0) return new Dictionary<string, string?[]>();
        var heldOut = spec.EvaluationData.Count == 0;
        var files = heldOut ? spec.TrainingData : spec.EvaluationData;
        var options = new LoadOptions(columns.ToDictionary(c => c, _ => ColumnType.Category), new HashSet<string>()) { SameHeaderInEveryFile = heldOut };
        var table = (data ?? new BuildData()).LoadTable(files, options, diagnostics);
        if (table is null) return null;
        if (heldOut) table = table.Where(HoldOut.Mask(table.RowCount, seed));
        return columns.ToDictionary(c => c, c => LabelValues.Of(table.Find(c)!));
    }

    private static void ReportUnseenCategories(DataTable table, ModelDocument model, string file, DiagnosticBag diagnostics)
    {
        foreach (var input in model.Inputs.Where(i => i.Levels is not null))
        {
            var column = table.Find(input.Name)!;
            var known = input.Levels!.ToHashSet(StringComparer.Ordinal);
            var rows = new int[column.Levels!.Length];
            foreach (var code in column.Codes!) if (code >= 0) rows[code]++;
            var unseen = column.Levels.Select((level, code) => (level, code)).Where(p => !known.Contains(p.level)).ToArray();
            if (unseen.Length == 0) continue;
            var counts = unseen.Select(u => $"'{u.level}' ({rows[u.code]} rows)").ToArray();
            diagnostics.Warning(DiagnosticCodes.UnseenCategory,
                $"Column '{input.Name}' has values the model {(input.Levels!.Count < FeaturePlan.MaxCategories ? "never saw in training" : $"has no category for (unseen in training, or not among the {FeaturePlan.MaxCategories} most frequent it keeps)")}: {MessageText.FirstFew(counts)}. The model scores them as if the value were missing.",
                file);
        }
    }
}
