using MLOps.Engine.Data;
using MLOps.Engine.Diagnostics;
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
}
