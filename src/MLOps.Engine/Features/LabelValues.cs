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

    /// <summary>The distinct class names of a column, in class order (numbers numerically, others ordinally).</summary>
    public static string[] Classes(DataColumn column)
    {
        var distinct = Of(column).OfType<string>().Distinct(StringComparer.Ordinal);
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
