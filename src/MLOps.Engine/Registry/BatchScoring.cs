using System.Globalization;
using System.Text;
using MLOps.Engine.Data;
using MLOps.Engine.Diagnostics;
using MLOps.Runtime;

namespace MLOps.Engine.Registry;

/// <summary>
/// Scores a CSV file with a model, row by row (memory does not grow with the file): every input column the model's
/// contract names must be in the header, and each value must have its input's type. Writes one line per row: binary
/// classification the positive class's probability, regression the prediction, multiclass the predicted class and
/// each class's probability.
/// </summary>
public static class BatchScoring
{
    /// <summary>Rows scored, or null when the data breaks the model's contract (errors say where). A value error stops at the first bad row.</summary>
    public static long? Score(Model model, DataFile data, TextWriter output, DiagnosticBag diagnostics, CancellationToken cancel = default)
    {
        var classes = model.ClassCount > 1 ? model.Document.Label.Classes : null;
        var features = new double[model.FeatureCount];
        var probabilities = new double[model.ClassCount];
        var line = new StringBuilder();
        var header = classes is null ? "score" : string.Join(',', classes.Select(c => $"probability_{c}").Prepend("predicted"));
        var headerWritten = false;
        var rows = ForEachRow(model, data, diagnostics, (row, _) =>
        {
            if (!headerWritten)
            {
                output.WriteLine(header);
                headerWritten = true;
            }
            line.Clear();
            if (classes is null)
            {
                line.Append(model.Score(row, features).ToString("R", CultureInfo.InvariantCulture));
            }
            else
            {
                model.ScoreClasses(row, probabilities);
                line.Append(Csv(classes[Array.IndexOf(probabilities, probabilities.Max())]));
                foreach (var p in probabilities) line.Append(',').Append(p.ToString("R", CultureInfo.InvariantCulture));
            }
            output.WriteLine(line);
        }, cancel);
        if (rows == 0) output.WriteLine(header);
        return rows;
    }

    /// <summary>
    /// Calls <paramref name="onRow"/> with each row of <paramref name="data"/> set into the model's row (and the reader,
    /// for other columns); rows read, or null when the data breaks the model's contract.
    /// </summary>
    public static long? ForEachRow(Model model, DataFile data, DiagnosticBag diagnostics, Action<ModelRow, RowFields> onRow, CancellationToken cancel = default)
    {
        using var reader = CsvReader.Open(data, diagnostics);
        if (CsvHeader.Read(reader, diagnostics) is not { } header) return null;
        var inputs = model.Inputs;
        var columns = new int[inputs.Count];
        for (var i = 0; i < inputs.Count; i++)
        {
            columns[i] = Array.IndexOf(header, inputs[i].Name);
            if (columns[i] < 0)
                diagnostics.Error(DiagnosticCodes.ScoringInputMismatch, $"The model's input '{inputs[i].Name}' ({inputs[i].Type}) is not a column of the data. Columns: {string.Join(", ", header)}.", data.DisplayPath, 1);
        }
        if (diagnostics.HasErrors) return null;
        var row = model.CreateRow();
        var fields = new RowFields(reader, header);
        long rows = 0;
        while (reader.Read())
        {
            if ((rows & 0xFFF) == 0) cancel.ThrowIfCancellationRequested();
            for (var i = 0; i < inputs.Count; i++)
                if (!Set(row, i, inputs[i], reader, columns[i], data, diagnostics)) return null;
            onRow(row, fields);
            rows++;
        }
        return reader.Failed ? null : rows;
    }

    private static bool Set(ModelRow row, int index, InputSpec input, CsvReader reader, int column, DataFile data, DiagnosticBag diagnostics)
    {
        if (column >= reader.FieldCount || reader.IsEmpty(column))
        {
            row.Numbers[index] = double.NaN;
            row.Categories[index] = null;
            return true;
        }
        var field = reader.GetField(column);
        switch (input.Type)
        {
            case InputTypes.Number when ValueParsing.TryParseNumber(field, out var number):
                row.Numbers[index] = number;
                return true;
            case InputTypes.Boolean when ValueParsing.TryParseBoolean(field, out var flag):
                row.Numbers[index] = flag ? 1 : 0;
                return true;
            case InputTypes.Category:
                row.Categories[index] = reader.GetString(column);
                return true;
        }
        var (line, at) = reader.Locate(column);
        diagnostics.Error(DiagnosticCodes.ScoringInputMismatch, $"'{reader.GetString(column)}' in column '{input.Name}' is not a {input.Type}, which the model's contract says the input is.", data.DisplayPath, line, at);
        return false;
    }

    private static string Csv(string value) => value.IndexOfAny([',', '"', '\n', '\r']) < 0 ? value : $"\"{value.Replace("\"", "\"\"")}\"";
}

/// <summary>The current row's other columns, by name (e.g. the label when comparing models).</summary>
public sealed class RowFields
{
    private readonly CsvReader _reader;
    private readonly string[] _header;

    internal RowFields(CsvReader reader, string[] header) => (_reader, _header) = (reader, header);

    /// <summary>The column's index in the header, or -1.</summary>
    public int IndexOf(string column) => Array.IndexOf(_header, column);

    /// <summary>The value of column <paramref name="index"/> in the current row ("" when the row is short).</summary>
    public string this[int index] => index < _reader.FieldCount ? _reader.GetString(index) : "";

    /// <summary>Where column <paramref name="index"/> of the current row is, for messages.</summary>
    public (int Line, int Column) Locate(int index) => _reader.Locate(Math.Min(index, _reader.FieldCount - 1));
}
