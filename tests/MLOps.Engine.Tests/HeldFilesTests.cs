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

    /// <summary>Over 8 MB of rows whose columns infer as every type: numbers, booleans, categories (an identifier too: more than 100,000 distinct values are not told apart), an empty one.</summary>
    private DataFile MixedFile(string extraLine = "", bool lastNewline = true)
    {
        var path = Path.Combine(_directory, "mixed.csv");
        var text = new StringBuilder("n,flag,colour,id,empty,mostly\n");
        for (var r = 0; text.Length < (9 << 20); r++)
            text.Append(r * 0.5).Append(',').Append(r % 3 == 0 ? "true" : "false").Append(',').Append("c" + r % 7).Append(',').Append("id-").Append(r)
                .Append(",,").Append(r % 4 == 0 ? "x" : r.ToString()).Append('\n');
        text.Append(extraLine);
        File.WriteAllText(path, lastNewline ? text.ToString() : text.ToString(0, text.Length - 1));
        return new DataFile(path, "mixed.csv");
    }

    private static string Types(DataFile file)
    {
        var diagnostics = new DiagnosticBag();
        var types = TypeInference.Infer([file], diagnostics);
        Assert.Empty(diagnostics.Items);
        return string.Join(", ", types!.Select(t => $"{t.Key} {t.Value}"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Types_the_fingerprint_counted_as_it_hashed_are_those_inference_reads_and_need_no_read(bool lastNewline)
    {
        var file = MixedFile(lastNewline: lastNewline);
        var read = Types(file);
        using (new FileStream(file.FullPath, FileMode.Open, FileAccess.Read, FileShare.None))
        {
            var locked = new DiagnosticBag();
            Assert.Null(TypeInference.Infer([file], locked)); // the lock keeps a reader out
            Assert.Equal(DiagnosticCodes.FileUnreadable, Assert.Single(locked.Items).Code);
        }
        using var held = new HeldFiles();

        Assert.Equal(FileHash.Sha256Of(file.FullPath), held.Sha256Of(file.FullPath, keep: false, inferTypes: true));
        Assert.NotNull(HeldFiles.TypeCountsOf(file.FullPath));
        using (new FileStream(file.FullPath, FileMode.Open, FileAccess.Read, FileShare.None)) // no one else may open it now
            Assert.Equal(read, Types(file));
        Assert.Equal("n Number, flag Boolean, colour Category, id Category, empty Text, mostly Number", read);
    }

    [Fact]
    public void A_file_with_a_quote_is_left_to_inference_to_read()
    {
        var file = MixedFile("1,true,\"c\nnew\",id-x,,1\n");
        var read = Types(file);
        using var held = new HeldFiles();

        held.Sha256Of(file.FullPath, keep: false, inferTypes: true);
        Assert.NotNull(HeldFiles.NewlinesOf(file.FullPath));
        Assert.Null(HeldFiles.TypeCountsOf(file.FullPath));
        Assert.Equal(read, Types(file));
    }
}
