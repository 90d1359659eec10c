using MLOps.Engine.Data;
using MLOps.Engine.Diagnostics;
using MLOps.Engine.Pipeline;
using Xunit;

namespace MLOps.Engine.Tests;

/// <summary>A table parked in a temporary file while training runs comes back bit for bit, and leaves no file behind.</summary>
public sealed class ParkedTableTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("mlops-parked-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static HashSet<string> TableFiles() => Directory.GetFiles(Path.GetTempPath(), "mlops-*.table").ToHashSet();

    [Fact]
    public void A_parked_table_is_restored_bit_for_bit()
    {
        var path = Path.Combine(_directory, "rows.csv");
        File.WriteAllLines(path, ["x,flag,kind,label", "0.1,true,b,1", ",false,,0", "-0,,a,1", "1e300,true,b,0", "2.5,false,c,1"]);
        var types = new Dictionary<string, ColumnType>
        {
            ["x"] = ColumnType.Number, ["flag"] = ColumnType.Boolean, ["kind"] = ColumnType.Category, ["label"] = ColumnType.Number,
        };
        var diagnostics = new DiagnosticBag();
        var table = TableLoader.Load([new DataFile(path, "rows.csv")], new LoadOptions(types, new HashSet<string>()), diagnostics)!;
        Assert.False(diagnostics.HasErrors);
        var files = TableFiles();

        var parked = ParkedTable.Park(table);
        Assert.NotNull(parked);
        if (!OperatingSystem.IsWindows()) Assert.Equal(files, TableFiles());
        var restored = parked.Restore();

        Assert.Equal(table.RowCount, restored.RowCount);
        Assert.Equal(table.Columns.Select(c => (c.Name, c.Type)), restored.Columns.Select(c => (c.Name, c.Type)));
        foreach (var (before, after) in table.Columns.Zip(restored.Columns))
        {
            Assert.Equal(before.Numbers?.Select(BitConverter.DoubleToInt64Bits), after.Numbers?.Select(BitConverter.DoubleToInt64Bits)); // NaN and -0 too
            Assert.Equal(before.Codes, after.Codes);
            Assert.Equal(before.Levels, after.Levels);
        }
        Assert.Equal(files, TableFiles());
    }

    [Fact]
    public void A_build_answers_a_load_of_parked_rows_from_the_parked_file_without_reading_the_data_again()
    {
        // 700,000 rows × 3 numbers: 16.8 MB as loaded, over the size from which tables are parked.
        var path = Path.Combine(_directory, "large.csv");
        using (var writer = new StreamWriter(path))
        {
            writer.Write("a,b,c\n");
            for (var r = 0; r < 700_000; r++) writer.Write($"{r},{r * 0.25},{(r % 7 == 0 ? "" : (r % 13).ToString())}\n");
        }
        DataFile[] files = [new DataFile(path, "large.csv")];
        var options = new LoadOptions(new Dictionary<string, ColumnType> { ["a"] = ColumnType.Number, ["b"] = ColumnType.Number, ["c"] = ColumnType.Number }, new HashSet<string>());
        var data = new BuildData();
        var diagnostics = new DiagnosticBag();
        var loaded = data.LoadTable(files, options, diagnostics)!;
        var expected = loaded.Columns.Select(c => c.Numbers!.Select(BitConverter.DoubleToInt64Bits).ToArray()).ToArray();

        data.Park(files);
        File.Delete(path); // a load that read the file again would fail
        var restored = data.LoadTable(files, options, diagnostics);

        Assert.False(diagnostics.HasErrors);
        Assert.NotNull(restored);
        Assert.NotSame(loaded.Columns[0].Numbers, restored.Columns[0].Numbers); // read back from the parked file, not kept in memory
        Assert.Equal(expected, restored.Columns.Select(c => c.Numbers!.Select(BitConverter.DoubleToInt64Bits).ToArray()).ToArray());
        data.Clear();
    }
}
