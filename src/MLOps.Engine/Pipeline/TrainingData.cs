using MLOps.Engine.Contracts;
using MLOps.Engine.Data;
using MLOps.Engine.Diagnostics;
using MLOps.Engine.Features;
using MLOps.Engine.Vocabulary;
using MLOps.Runtime;

namespace MLOps.Engine.Pipeline;

/// <summary>Training rows with their inferred types and label classes, checked; shared by validation and training.</summary>
internal sealed record TrainingData(DataTable All, DataTable Rows, bool[]? HeldOut, IReadOnlyDictionary<string, ColumnType> Types, string[] Classes)
{
    public DataColumn Label(ModelSpec spec) => Rows.Find(spec.LabelColumn)!;

    /// <summary>The label's type as the model format names it.</summary>
    public string LabelType(ModelSpec spec) => Label(spec).Type switch
    {
        ColumnType.Boolean => InputTypes.Boolean,
        ColumnType.Number => InputTypes.Number,
        _ => InputTypes.Category,
    };

    /// <summary>The first file's column names, or null when it cannot be read (loading reports why).</summary>
    private static string[]? Header(DataFile file)
    {
        var quiet = new DiagnosticBag();
        using var reader = TableLoader.OpenOrReport(file, quiet);
        return reader is null ? null : CsvHeader.Read(reader, quiet);
    }

    /// <summary>
    /// Loads the training rows, with column types from <paramref name="contract"/> where it declares them and inferred
    /// otherwise; <paramref name="cancel"/> stops reading (Ctrl+C). Tables come from <paramref name="data"/> when this build read them already.
    /// <paramref name="typesKnown"/> is given the types once they are, before the rows are loaded.
    /// </summary>
    public static TrainingData? Load(ModelSpec spec, Settings settings, DataContract? contract, DiagnosticBag diagnostics, CancellationToken cancel = default, BuildData? data = null,
        Action<IReadOnlyDictionary<string, ColumnType>>? typesKnown = null)
    {
        // A contract that declares every column gives every type: no pass over the data to infer them.
        var header = contract is null ? null : Header(spec.TrainingData[0]);
        var types = header is not null && header.All(name => contract!.Find(name) is not null)
            ? header.ToDictionary(name => name, name => contract!.Find(name)!.LoadType, StringComparer.Ordinal)
            : TypeInference.Infer(spec.TrainingData, diagnostics, cancel)?.ToDictionary(t => t.Key, t => contract?.Find(t.Key)?.LoadType ?? t.Value, StringComparer.Ordinal);
        if (types is null) return null;
        var first = spec.TrainingData[0].DisplayPath;
        if (!types.ContainsKey(spec.LabelColumn))
        {
            diagnostics.Error(DiagnosticCodes.LabelColumnNotFound,
                $"LabelColumn '{spec.LabelColumn}' is not a column of the training data.{Suggestions.DidYouMean(spec.LabelColumn, types.Keys)} Columns: {MessageText.FirstFew(types.Keys)}.",
                first, 1, 1);
            return null;
        }
        foreach (var column in spec.ExcludeColumns.Where(c => !types.ContainsKey(c)))
            diagnostics.Warning(DiagnosticCodes.ExcludedColumnNotFound, $"ExcludeColumn '{column}' is not a column of the training data; nothing is excluded by it.", spec.ProjectFile);

        typesKnown?.Invoke(types);
        var all = (data ?? new BuildData()).LoadTable(spec.TrainingData, new LoadOptions(types, new HashSet<string> { spec.LabelColumn }) { Cancel = cancel }, diagnostics);
        if (all is null) return null;
        foreach (var column in all.Columns.Where(c => c.Type == ColumnType.Text && c.Name != spec.LabelColumn && !spec.ExcludeColumns.Contains(c.Name)))
        {
            if (column.Levels!.Length == 0)
                diagnostics.Warning(DiagnosticCodes.ColumnAllMissing,
                    $"Column '{column.Name}' has no value in any training row and is not used as a model input. Fill it in, or add <ExcludeColumn Include=\"{column.Name}\" /> to say so explicitly.",
                    first);
            else
                diagnostics.Info(DiagnosticCodes.ColumnIgnoredAsText,
                    $"Column '{column.Name}' looks like an identifier or free text (mostly distinct values) and is not used as a model input. Add <ExcludeColumn Include=\"{column.Name}\" /> to say so explicitly.",
                    first);
        }
        var heldOut = spec.EvaluationData.Count == 0 ? HoldOut.Mask(all.RowCount, settings.Seed) : null;
        var rows = heldOut is null ? all : all.Where(heldOut.Select(h => !h).ToArray());

        if (settings.Task == ModelTask.Regression)
        {
            if (types[spec.LabelColumn] == ColumnType.Number) return new TrainingData(all, rows, heldOut, types, []);
            diagnostics.Error(DiagnosticCodes.LabelNotNumeric,
                $"Label column '{spec.LabelColumn}' holds {types[spec.LabelColumn].ToString().ToLowerInvariant()} values, but a Regression model predicts numbers. For classes use ModelTask BinaryClassification or MulticlassClassification.",
                first, 1, 1);
            return null;
        }
        var classes = LabelValues.Classes(rows.Find(spec.LabelColumn)!);
        if (classes.Length < 2)
        {
            diagnostics.Error(DiagnosticCodes.SingleClassLabel,
                $"Every training row has the label '{(classes.Length == 1 ? classes[0] : "")}' in column '{spec.LabelColumn}': a classifier needs rows of at least two classes.",
                first);
            return null;
        }
        if (classes.Length > 2 && settings.Task != ModelTask.MulticlassClassification)
        {
            diagnostics.Error(DiagnosticCodes.WrongClassCount,
                $"Label column '{spec.LabelColumn}' has {classes.Length} classes ({MessageText.FirstFew(classes)}); BinaryClassification needs exactly 2. For more classes use ModelTask MulticlassClassification; for a numeric target, Regression.",
                first);
            return null;
        }
        return new TrainingData(all, rows, heldOut, types, classes);
    }
}
