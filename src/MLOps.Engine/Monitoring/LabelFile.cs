using System.Globalization;
using MLOps.Engine.Data;
using MLOps.Engine.Diagnostics;
using MLOps.Engine.Vocabulary;
using MLOps.Runtime;

namespace MLOps.Engine.Monitoring;

/// <summary>
/// Labels that arrived after scoring: a CSV file with the correlation key column and the model's label column, read
/// into key → label (binary 1/0 for the model's positive/negative class, multiclass the class index, regression the
/// target). A key given twice keeps its last label (a correction).
/// </summary>
public static class LabelFile
{
    /// <summary>The labels by key, or null with an error saying what the file lacks.</summary>
    public static IReadOnlyDictionary<string, double>? Read(DataFile file, string key, LabelSpec label, ModelTask task, DiagnosticBag diagnostics)
    {
        if (!File.Exists(file.FullPath))
        {
            diagnostics.Error(DiagnosticCodes.MonitorLabelsUnreadable, $"The labels file {file.DisplayPath} does not exist.");
            return null;
        }
        using var reader = CsvReader.Open(file, diagnostics);
        if (CsvHeader.Read(reader, diagnostics) is not { } header) return null;
        int keyColumn = Array.IndexOf(header, key), labelColumn = Array.IndexOf(header, label.Name);
        if (keyColumn < 0 || labelColumn < 0)
        {
            diagnostics.Error(DiagnosticCodes.MonitorLabelsUnreadable,
                $"The labels file needs the key column '{key}' and the model's label column '{label.Name}'; its columns are {string.Join(", ", header)}.", file.DisplayPath, 1);
            return null;
        }
        var labels = new Dictionary<string, double>(StringComparer.Ordinal);
        while (reader.Read())
        {
            if (reader.IsEmpty(keyColumn) || labelColumn >= reader.FieldCount || reader.IsEmpty(labelColumn)) continue; // not labelled yet
            var text = reader.GetString(labelColumn);
            var value = Value(text, label, task);
            if (double.IsNaN(value))
            {
                var (line, column) = reader.Locate(labelColumn);
                diagnostics.Error(DiagnosticCodes.MonitorLabelsUnreadable,
                    $"'{text}' in the label column '{label.Name}' is not {(task == ModelTask.Regression ? "a number" : $"one of the model's classes ({string.Join(", ", label.Classes)})")}.", file.DisplayPath, line, column);
                return null;
            }
            labels[reader.GetString(keyColumn)] = value;
        }
        return reader.Failed ? null : labels;
    }

    private static double Value(string text, LabelSpec label, ModelTask task) => task switch
    {
        ModelTask.BinaryClassification => text == label.Classes[1] ? 1 : text == label.Classes[0] ? 0 : double.NaN,
        ModelTask.MulticlassClassification => label.Classes.ToList().IndexOf(text) is var i and >= 0 ? i : double.NaN,
        _ => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var target) ? target : double.NaN,
    };
}
