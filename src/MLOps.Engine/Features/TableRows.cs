using MLOps.Engine.Data;
using MLOps.Runtime;

namespace MLOps.Engine.Features;

/// <summary>Fills a <see cref="ModelRow"/> from a row of a table, so training and evaluation featurize through the runtime's own code.</summary>
public sealed class TableRows
{
    private readonly DataColumn[] _columns;

    /// <summary>Binds every model input to the table column of the same name (which must exist).</summary>
    public TableRows(DataTable table, IReadOnlyList<InputSpec> inputs)
    {
        _columns = inputs.Select(i => table.Find(i.Name) ?? throw new ArgumentException($"The table has no column '{i.Name}'.")).ToArray();
    }

    /// <summary>Copies row <paramref name="row"/> of the table into <paramref name="target"/>.</summary>
    public void Fill(int row, ModelRow target)
    {
        for (var i = 0; i < _columns.Length; i++)
        {
            var column = _columns[i];
            if (column.Numbers is { } numbers)
            {
                target.Numbers[i] = numbers[row];
            }
            else
            {
                var code = column.Codes![row];
                target.Categories[i] = code < 0 ? null : column.Levels![code];
            }
        }
    }

    /// <summary>The row-major feature matrix of every row (rows × <see cref="Model.FeatureCount"/>).</summary>
    public static double[] Matrix(DataTable table, Model model)
    {
        var rows = new TableRows(table, model.Document.Inputs);
        var width = model.FeatureCount;
        var matrix = new double[(long)table.RowCount * width];
        var row = model.CreateRow();
        for (var r = 0; r < table.RowCount; r++)
        {
            rows.Fill(r, row);
            model.Featurize(row, matrix.AsSpan(r * width, width));
        }
        return matrix;
    }

    /// <summary>The features of every row, one array per feature (column-major), as tree learners bin them.</summary>
    public static double[][] Columns(DataTable table, Model model)
    {
        var rows = new TableRows(table, model.Document.Inputs);
        var columns = Enumerable.Range(0, model.FeatureCount).Select(_ => new double[table.RowCount]).ToArray();
        var row = model.CreateRow();
        Span<double> features = new double[model.FeatureCount];
        for (var r = 0; r < table.RowCount; r++)
        {
            rows.Fill(r, row);
            model.Featurize(row, features);
            for (var f = 0; f < features.Length; f++) columns[f][r] = features[f];
        }
        return columns;
    }

    /// <summary>
    /// As <see cref="Columns"/> for a model whose inputs are all raw (trees): the same values, but a number or boolean
    /// input is its table column itself, not a copy, which halves the memory training takes. Null when an input is
    /// not raw. Callers must not write to the columns.
    /// </summary>
    public static double[][]? RawColumns(DataTable table, IReadOnlyList<InputSpec> inputs)
    {
        if (inputs.Any(i => i.Encoding != InputTypes.RawEncoding)) return null;
        return inputs.Select(input =>
        {
            var column = table.Find(input.Name) ?? throw new ArgumentException($"The table has no column '{input.Name}'.");
            if (input.Type != InputTypes.Category) return column.Numbers!;
            // A category is its index among the model's levels, NaN when missing or not among them (as the featurizer does).
            var index = (input.Levels ?? []).Select((level, i) => (level, i)).ToDictionary(p => p.level, p => (double)p.i, StringComparer.Ordinal);
            var byCode = column.Levels!.Select(level => index.GetValueOrDefault(level, double.NaN)).ToArray();
            return Array.ConvertAll(column.Codes!, code => code < 0 ? double.NaN : byCode[code]);
        }).ToArray();
    }
}
