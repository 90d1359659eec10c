using System.Globalization;
using System.Text;
using MLOps.Engine.Data;
using MLOps.Engine.Diagnostics;
using MLOps.Engine.IO;
using MLOps.Engine.Vocabulary;
using MLOps.Runtime;

namespace MLOps.Engine.Trainers;

/// <summary>
/// Predictions an External trainer wrote for the evaluation rows instead of a model (docs/trainers.md): a CSV with
/// one row per evaluation row, in the order of the EvaluationData files, and the columns <see cref="Columns"/> names.
/// They are checked once when written, kept beside the model document, and read back by evaluation and gates.
/// </summary>
internal static class ExternalPredictions
{
    /// <summary>How far a row of class probabilities may sum from 1 before it is an error (smaller gaps are normalized away).</summary>
    public const double SumTolerance = 1e-4;

    /// <summary>The columns the file must have: the prediction (regression), the positive class's probability (binary), or one probability per class.</summary>
    public static string[] Columns(ModelTask task, IReadOnlyList<string> classes) => task switch
    {
        ModelTask.Regression => ["prediction"],
        ModelTask.BinaryClassification => ["probability"],
        _ => classes.ToArray(),
    };

    private static string[] Columns(ModelDocument model) => Columns(ModelTasks.Of(model), model.Label.Classes);

    /// <summary>
    /// The predictions, row-major (one value a row, or one probability per class for multiclass), or null with
    /// diagnostics at the file, line and column of the first problems.
    /// </summary>
    public static double[]? Read(string path, string displayPath, ModelDocument model, int rows, DiagnosticBag diagnostics)
    {
        var file = new DataFile(path, displayPath);
        using var reader = TableLoader.OpenOrReport(file, diagnostics);
        var header = reader is null ? null : CsvHeader.Read(reader, diagnostics);
        if (reader is null || header is null) return null;
        var columns = Columns(model);
        var positions = columns.Select(c => Array.IndexOf(header, c)).ToArray();
        if (positions.Any(p => p < 0))
        {
            diagnostics.Error(DiagnosticCodes.ExternalModelInvalid,
                $"The predictions need the column{(columns.Length > 1 ? "s" : "")} {string.Join(", ", columns.Select(c => $"'{c}'"))}; the header has {string.Join(", ", header)}.",
                displayPath, reader.RecordLine, 1);
            return null;
        }
        var classification = ModelTasks.Of(model) != ModelTask.Regression;
        var values = new double[rows * columns.Length];
        var read = 0;
        var errorsBefore = diagnostics.ErrorCount;
        while (reader.Read())
        {
            if (read < rows)
            {
                var row = values.AsSpan(read * columns.Length, columns.Length);
                for (var c = 0; c < columns.Length; c++)
                {
                    var ok = positions[c] < reader.FieldCount && reader.TryGetDouble(positions[c], out row[c]) && double.IsFinite(row[c]) && (!classification || row[c] is >= 0 and <= 1);
                    if (ok) continue;
                    var (line, column) = reader.Locate(Math.Min(positions[c], reader.FieldCount - 1));
                    diagnostics.Error(DiagnosticCodes.ExternalModelInvalid,
                        $"Prediction '{(positions[c] < reader.FieldCount ? reader.GetString(positions[c]) : "")}' in column '{columns[c]}' is not {(classification ? "a probability from 0 to 1" : "a finite number")}.",
                        displayPath, line, column);
                }
                if (columns.Length > 1 && diagnostics.ErrorCount == errorsBefore && !Normalize(row))
                    diagnostics.Error(DiagnosticCodes.ExternalModelInvalid,
                        $"The class probabilities of this row sum to {Sum(row).ToString("R", CultureInfo.InvariantCulture)}, not 1.", displayPath, reader.RecordLine, 1);
            }
            read++;
        }
        if (read != rows && !reader.Failed)
            diagnostics.Error(DiagnosticCodes.ExternalModelInvalid,
                $"The trainer wrote {read:N0} predictions for {rows:N0} evaluation rows; write one row per evaluation row, in the order of the EvaluationData files.", displayPath);
        return diagnostics.ErrorCount == errorsBefore && !reader.Failed ? values : null;
    }

    /// <summary>Writes predictions in the canonical form (header, then every value round-trippable), atomically.</summary>
    public static void Write(string path, ModelDocument model, double[] values)
    {
        var columns = Columns(model);
        var text = new StringBuilder(string.Join(",", columns)).Append('\n');
        for (var i = 0; i < values.Length; i++)
            text.Append(values[i].ToString("R", CultureInfo.InvariantCulture)).Append((i + 1) % columns.Length == 0 ? '\n' : ',');
        AtomicFile.WriteAllText(path, text.ToString());
    }

    private static bool Normalize(Span<double> probabilities)
    {
        var sum = Sum(probabilities);
        if (Math.Abs(sum - 1) > SumTolerance) return false;
        foreach (ref var p in probabilities) p /= sum;
        return true;
    }

    private static double Sum(ReadOnlySpan<double> values)
    {
        var sum = 0.0;
        foreach (var v in values) sum += v;
        return sum;
    }
}
