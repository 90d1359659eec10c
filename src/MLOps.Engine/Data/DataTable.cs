namespace MLOps.Engine.Data;

/// <summary>Rows of one or more data files, stored by column.</summary>
public sealed class DataTable
{
    internal DataTable(IReadOnlyList<DataColumn> columns, int rowCount)
    {
        Columns = columns;
        RowCount = rowCount;
    }

    /// <summary>The loaded columns, in header order.</summary>
    public IReadOnlyList<DataColumn> Columns { get; }

    /// <summary>Number of data rows.</summary>
    public int RowCount { get; }

    /// <summary>The column named <paramref name="name"/>, or null.</summary>
    public DataColumn? Find(string name) => Columns.FirstOrDefault(c => c.Name == name);

    /// <summary>The rows for which <paramref name="keep"/> is true.</summary>
    public DataTable Where(bool[] keep) => new(Columns.Select(c => c.Where(keep)).ToArray(), keep.Count(k => k));
}
