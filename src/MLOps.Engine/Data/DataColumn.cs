namespace MLOps.Engine.Data;

/// <summary>
/// One column of a loaded table. Numbers and booleans live in <see cref="Numbers"/> (NaN = missing, booleans 1/0);
/// categories and text in <see cref="Codes"/> indexing <see cref="Levels"/> (-1 = missing), levels sorted ordinally.
/// </summary>
public sealed class DataColumn
{
    internal DataColumn(string name, ColumnType type, double[]? numbers, int[]? codes, string[]? levels)
    {
        Name = name;
        Type = type;
        Numbers = numbers;
        Codes = codes;
        Levels = levels;
    }

    /// <summary>Header name.</summary>
    public string Name { get; }
    /// <summary>The column's type.</summary>
    public ColumnType Type { get; }
    /// <summary>Values of a number or boolean column.</summary>
    public double[]? Numbers { get; }
    /// <summary>Level codes of a category or text column.</summary>
    public int[]? Codes { get; }
    /// <summary>Distinct values of a category or text column, sorted ordinally.</summary>
    public string[]? Levels { get; }

    /// <summary>Whether row <paramref name="row"/> has no value.</summary>
    public bool IsMissing(int row) => Numbers is not null ? double.IsNaN(Numbers[row]) : Codes![row] < 0;

    /// <summary>A new column holding only the rows for which <paramref name="keep"/> is true.</summary>
    public DataColumn Where(bool[] keep) => new(Name, Type,
        Numbers is null ? null : Numbers.Where((_, i) => keep[i]).ToArray(),
        Codes is null ? null : Codes.Where((_, i) => keep[i]).ToArray(),
        Levels);
}
