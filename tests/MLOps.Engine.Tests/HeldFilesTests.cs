using System.Text;
using MLOps.Engine.Data;
using MLOps.Engine.Diagnostics;
using MLOps.Engine.IO;
using Xunit;

namespace MLOps.Engine.Tests;

/// <summary>The fingerprint's read of a large file also counts its lines, so loading it reads it once, not twice.</summary>
public sealed class HeldFilesTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("mlops-held-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>A file large enough to be loaded in byte ranges (over 8 MB), with or without a newline after its last row.</summary>
    private DataFile LargeFile(bool lastNewline)
    {
        var path = Path.Combine(_directory, $"large-{lastNewline}.csv");
        var text = new StringBuilder("a,b,c\n");
        for (var r = 0; text.Length < (9 << 20); r++) text.Append(r).Append(',').Append(r * 0.25).Append(',').Append(r % 7 == 0 ? "" : (r % 13).ToString()).Append('\n');
        File.WriteAllText(path, lastNewline ? text.ToString() : text.ToString(0, text.Length - 1));
        return new DataFile(path, "large.csv");
    }

    private static DataTable Load(DataFile file)
    {
        var types = new Dictionary<string, ColumnType> { ["a"] = ColumnType.Number, ["b"] = ColumnType.Number, ["c"] = ColumnType.Number };
        var diagnostics = new DiagnosticBag();
        var table = TableLoader.Load([file], new LoadOptions(types, new HashSet<string>()), diagnostics);
        Assert.False(diagnostics.HasErrors);
        return table!;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_file_whose_lines_the_fingerprint_counted_loads_as_one_counted_again(bool lastNewline)
    {
        var file = LargeFile(lastNewline);
        var fresh = Load(file);
        using var held = new HeldFiles();

        Assert.Equal(FileHash.Sha256Of(file.FullPath), held.Sha256Of(file.FullPath, keep: false));
        Assert.NotNull(HeldFiles.NewlinesOf(file.FullPath));
        var counted = Load(file);

        Assert.Equal(fresh.RowCount, counted.RowCount);
        for (var c = 0; c < fresh.Columns.Count; c++) Assert.Equal(fresh.Columns[c].Numbers, counted.Columns[c].Numbers);
        Assert.Equal(fresh.RowCount, CsvChunks.CountLines(file, 6));
    }

    [Fact]
    public void Counts_of_a_file_changed_since_are_not_used_and_end_with_the_build()
    {
        var file = LargeFile(true);
        var held = new HeldFiles();
        held.Sha256Of(file.FullPath, keep: false);
        File.AppendAllText(file.FullPath, "1,2,3\n");
        Assert.Null(HeldFiles.NewlinesOf(file.FullPath));

        held.Sha256Of(file.FullPath, keep: false);
        Assert.NotNull(HeldFiles.NewlinesOf(file.FullPath));
        held.Dispose();
        Assert.Null(HeldFiles.NewlinesOf(file.FullPath));
    }
}
