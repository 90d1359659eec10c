using System.Runtime.InteropServices;

namespace MLOps.Engine.Data;

/// <summary>
/// A loaded table moved out of memory into a temporary file while nothing reads it, and read back, bit for bit, when
/// something does: a build's evaluation rows wait there while training holds the training rows, so the two large
/// tables are not in memory at once. The file is deleted when the table is read back or let go (or, on Unix, as soon as
/// it is opened: only this process's handle reaches it).
/// </summary>
internal sealed class ParkedTable : IDisposable
{
    private readonly FileStream _file;
    private readonly (string Name, ColumnType Type, int Numbers, int Codes, string[]? Levels)[] _columns;
    private readonly int _rows;

    private ParkedTable(FileStream file, DataTable table)
    {
        _file = file;
        _rows = table.RowCount;
        _columns = table.Columns.Select(c => (c.Name, c.Type, c.Numbers?.Length ?? -1, c.Codes?.Length ?? -1, c.Levels)).ToArray();
    }

    /// <summary>The table's number and code arrays in bytes, what parking frees.</summary>
    public static long BytesOf(DataTable table) =>
        table.Columns.Sum(c => (c.Numbers?.LongLength ?? 0) * sizeof(double) + (c.Codes?.LongLength ?? 0) * sizeof(int));

    /// <summary>The table in a temporary file, or null when it cannot be written there (then it stays in memory).</summary>
    public static ParkedTable? Park(DataTable table)
    {
        var path = Path.Combine(Path.GetTempPath(), $"mlops-{Guid.NewGuid():N}.table");
        FileStream? file = null;
        try
        {
            var options = new FileStreamOptions
            {
                Mode = FileMode.CreateNew, Access = FileAccess.ReadWrite, Share = FileShare.None, BufferSize = 1 << 16, Options = FileOptions.DeleteOnClose,
            };
            // Readable and writable by this user only: the rows are the user's data, and the temporary folder is shared.
            if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            file = new FileStream(path, options);
            if (!OperatingSystem.IsWindows()) File.Delete(path); // the open handle keeps the bytes; nothing is left behind if the build is killed
            foreach (var column in table.Columns)
            {
                if (column.Numbers is { } numbers) file.Write(MemoryMarshal.AsBytes(numbers.AsSpan()));
                if (column.Codes is { } codes) file.Write(MemoryMarshal.AsBytes(codes.AsSpan()));
            }
            file.Flush();
            return new ParkedTable(file, table);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            file?.Dispose();
            return null;
        }
    }

    /// <summary>The table as it was parked; the file is gone afterwards.</summary>
    public DataTable Restore()
    {
        _file.Position = 0;
        var columns = new DataColumn[_columns.Length];
        for (var c = 0; c < columns.Length; c++)
        {
            var (name, type, numberCount, codeCount, levels) = _columns[c];
            var numbers = numberCount < 0 ? null : GC.AllocateUninitializedArray<double>(numberCount);
            var codes = codeCount < 0 ? null : GC.AllocateUninitializedArray<int>(codeCount);
            if (numbers is not null) _file.ReadExactly(MemoryMarshal.AsBytes(numbers.AsSpan()));
            if (codes is not null) _file.ReadExactly(MemoryMarshal.AsBytes(codes.AsSpan()));
            columns[c] = new DataColumn(name, type, numbers, codes, levels);
        }
        Dispose();
        return new DataTable(columns, _rows);
    }

    public void Dispose() => _file.Dispose();
}
