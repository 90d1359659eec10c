using MLOps.Engine.Data;
using MLOps.Engine.Diagnostics;
using Xunit;

namespace MLOps.Engine.Tests;

/// <summary>Every file in fixtures/dirty (copied from shared/datasets/dirty) has an expected outcome: a table, or coded errors at exact places.</summary>
public class DirtyCsvTests
{
    public static TheoryData<string, string, int, int> Errors => new()
    {
        // file, code, line, column (1-based characters)
        { "duplicate_header.csv", DiagnosticCodes.DuplicateColumn, 1, 15 },
        { "empty.csv", DiagnosticCodes.EmptyFile, 0, 0 },
        { "header_only.csv", DiagnosticCodes.NoDataRows, 2, 1 },
        { "invalid_utf8.csv", DiagnosticCodes.InvalidUtf8, 2, 12 },
        { "missing_label.csv", DiagnosticCodes.MissingLabel, 2, 18 },
        { "nan_inf.csv", DiagnosticCodes.NonFiniteNumber, 2, 4 },
        { "non_numeric.csv", DiagnosticCodes.NotANumber, 3, 1 },
        { "non_numeric.csv", DiagnosticCodes.NonFiniteNumber, 4, 3 },
        { "ragged_rows.csv", DiagnosticCodes.WrongFieldCount, 3, 8 },
        { "ragged_rows.csv", DiagnosticCodes.WrongFieldCount, 4, 22 },
        { "unterminated_quote.csv", DiagnosticCodes.UnterminatedQuote, 2, 9 },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public void Malformed_file_gives_a_coded_error_at_the_right_place(string file, string code, int line, int column)
    {
        var (table, diagnostics) = Fixtures.Load("dirty/" + file, "churned");

        Assert.Null(table);
        Assert.Contains(diagnostics.Items, d => d.Code == code && d.Line == line && d.Column == column && d.File == "dirty/" + file && d.Severity == Severity.Error);
    }

    [Fact]
    public void Invalid_utf8_names_the_byte_offset()
    {
        var (_, diagnostics) = Fixtures.Load("dirty/invalid_utf8.csv");

        var error = Assert.Single(diagnostics.Items);
        Assert.Contains("byte 0xFF at byte offset 58", error.Message);
    }

    [Fact]
    public void Non_finite_values_are_reported_in_every_row()
    {
        var (_, diagnostics) = Fixtures.Load("dirty/nan_inf.csv");

        Assert.Equal([2, 3, 4], diagnostics.Items.Where(d => d.Code == DiagnosticCodes.NonFiniteNumber).Select(d => d.Line));
    }

    [Fact]
    public void Crlf_line_ends_and_a_byte_order_mark_are_read_transparently()
    {
        var (table, diagnostics) = Fixtures.Load("dirty/crlf_bom.csv");

        Assert.Empty(diagnostics.Items);
        Assert.Equal(["tenure_months", "monthly_charges", "contract", "churned"], table!.Columns.Select(c => c.Name));
        Assert.Equal(13, table.Columns[0].Name.Length); // no byte order mark in the first name
        Assert.Equal(2, table.RowCount);
        Assert.Equal(["month-to-month", "one-year"], table.Find("contract")!.Levels!);
        Assert.Equal(ColumnType.Boolean, table.Find("churned")!.Type);
    }

    [Fact]
    public void Quoted_fields_keep_commas_doubled_quotes_and_newlines()
    {
        var (table, diagnostics) = Fixtures.Load("dirty/quoted_fields.csv");

        Assert.Empty(diagnostics.Items);
        Assert.Equal(4, table!.RowCount);
        Assert.Equal(["month-to,month", "multi\nline", "one-year", "two \"year\""], table.Find("contract")!.Levels!);
    }

    [Fact]
    public void Rows_after_a_multi_line_field_keep_their_line_numbers()
    {
        var path = Path.Combine(Path.GetTempPath(), $"mlops-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, "a,b\n1,\"x\ny\"\n2,z\nq,w\n");
        try
        {
            var diagnostics = new DiagnosticBag();
            var types = new Dictionary<string, ColumnType> { ["a"] = ColumnType.Number, ["b"] = ColumnType.Category };
            TableLoader.Load([new DataFile(path, "t.csv")], new LoadOptions(types, new HashSet<string>()), diagnostics);
            var error = Assert.Single(diagnostics.Items);
            Assert.Equal((5, 1), (error.Line, error.Column));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("out_of_range.csv", 3)]     // negative tenure is legal until a data contract says otherwise
    [InlineData("single_class.csv", 50)]    // a table; one class is the pipeline's error (PipelineTests)
    [InlineData("unknown_category.csv", 2)] // as training data every category is new; as evaluation data, see PipelineTests
    public void Files_that_are_valid_csv_load(string file, int rows)
    {
        var (table, diagnostics) = Fixtures.Load("dirty/" + file);

        Assert.Empty(diagnostics.Items);
        Assert.Equal(rows, table!.RowCount);
    }

    [Fact]
    public void Every_dirty_file_has_an_expected_outcome_here()
    {
        var covered = Errors.Select(row => (string)row[0])
            .Concat(["crlf_bom.csv", "quoted_fields.csv", "out_of_range.csv", "single_class.csv", "unknown_category.csv"]).ToHashSet();
        var files = Directory.GetFiles(Fixtures.Path("dirty")).Select(f => Path.GetFileName(f)!);

        Assert.All(files, f => Assert.True(covered.Contains(f), $"{f} has no expected outcome"));
    }

    [Fact]
    public void Records_larger_than_the_read_buffer_are_read_whole()
    {
        var path = Path.Combine(Path.GetTempPath(), $"mlops-{Guid.NewGuid():N}.csv");
        var big = new string('x', 3 << 20);
        File.WriteAllText(path, $"a,b\n1,\"{big}\"\n2,y\n");
        try
        {
            var diagnostics = new DiagnosticBag();
            using var reader = new CsvReader(File.OpenRead(path), "big.csv", diagnostics);
            Assert.True(reader.Read());
            Assert.True(reader.Read());
            Assert.Equal(big.Length, reader.GetField(1).Length);
            Assert.True(reader.Read());
            Assert.Equal((3, 1), reader.Locate(0));
            Assert.False(reader.Read());
            Assert.Empty(diagnostics.Items);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
