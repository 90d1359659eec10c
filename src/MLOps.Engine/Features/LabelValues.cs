using System.Globalization;
using MLOps.Engine.Data;

namespace MLOps.Engine.Features;

/// <summary>A label column's values as class names: <c>true</c>/<c>false</c>, numbers in round-trip form, or category values.</summary>
public static class LabelValues
{
    /// <summary>The class name of every row (null where missing).</summary>
    public static string?[] Of(DataColumn column)
    {
        var values = new string?[column.Numbers?.Length ?? column.Codes!.Length];
        for (var r = 0; r < values.Length; r++) values[r] = ValueAt(column, r);
        return values;
    }

    /// <summary>
    /// Every row's index in <paramref name="classes"/> (-1 where missing or not a class), as <see cref="Of"/> then
    /// <see cref="Array.IndexOf{T}(T[], T)"/> would give it, without a string a row: a name is made once per distinct
    /// value (numbers by their bits, so 0 and -0 stay apart as their names do).
    /// </summary>
    public static double[] Indices(DataColumn column, string[] classes)
    {
        var y = new double[column.Numbers?.Length ?? column.Codes!.Length];
        if (column.Numbers is { } numbers)
        {
            var known = new Dictionary<long, double>();
            for (var r = 0; r < y.Length; r++)
            {
                if (double.IsNaN(numbers[r])) { y[r] = -1; continue; }
                var bits = BitConverter.DoubleToInt64Bits(numbers[r]);
                if (!known.TryGetValue(bits, out var index)) known[bits] = index = Array.IndexOf(classes, ValueAt(column, r));
                y[r] = index;
            }
            return y;
        }
        var byLevel = column.Levels!.Select(level => (double)Array.IndexOf(classes, level)).ToArray();
        for (var r = 0; r < y.Length; r++) y[r] = column.Codes![r] < 0 ? -1 : byLevel[column.Codes[r]];
        return y;
    }

    /// <summary>The distinct class names of a column, in class order (numbers numerically, others ordinally).</summary>
    public static string[] Classes(DataColumn column)
    {
        // One row of each distinct value (numbers by their bits) names the classes, not a string per row.
        var rows = column.Numbers is { } numbers
            ? Enumerable.Range(0, numbers.Length).Where(r => !double.IsNaN(numbers[r])).DistinctBy(r => BitConverter.DoubleToInt64Bits(numbers[r]))
            : Enumerable.Range(0, column.Codes!.Length).Where(r => column.Codes[r] >= 0).DistinctBy(r => column.Codes[r]);
        var distinct = rows.Select(r => ValueAt(column, r)!).Distinct(StringComparer.Ordinal);
        return column.Type == ColumnType.Number
            ? distinct.OrderBy(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()
            : distinct.Order(StringComparer.Ordinal).ToArray();
    }

    private static string? ValueAt(DataColumn column, int row)
    {
        if (column.Numbers is { } numbers)
        {
            var x = numbers[row];
            if (double.IsNaN(x)) return null;
            return column.Type == ColumnType.Boolean ? (x != 0 ? "true" : "false") : x.ToString("R", CultureInfo.InvariantCulture);
        }
        var code = column.Codes![row];
        return code < 0 ? null : column.Levels![code];
    }
}
