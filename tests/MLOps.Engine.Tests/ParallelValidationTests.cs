using System.Globalization;
using System.Text;
using MLOps.Engine.Contracts;
using MLOps.Engine.Data;
using MLOps.Engine.Diagnostics;
using Xunit;

namespace MLOps.Engine.Tests;

/// <summary>
/// A file read in byte ranges on several threads gives exactly what one pass over it gives: the same diagnostics at
/// the same lines and columns, the same rule outcomes, the same drift profile (sampled numbers included).
/// </summary>
public sealed class ParallelValidationTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("mlops-parallel-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private const string ContractJson = """
        { "format": "mlops-data-contract", "formatVersion": 1, "columns": [
          { "name": "tenure", "type": "integer", "min": 0, "max": 72, "nullable": false },
          { "name": "charges", "type": "number", "min": 0, "severity": { "min": "warning" } },
          { "name": "plan", "type": "category", "values": ["basic", "pro", "team"] },
          { "name": "churned", "type": "boolean" }
        ]}
        """;

    private DataFile Write(string name, string text)
    {
        File.WriteAllText(Path.Combine(_directory, name), text);
        return new DataFile(Path.Combine(_directory, name), name);
    }

    /// <summary>Rows with a broken rule here and there: a value above the maximum, a missing value, a word for a number, an unknown plan.</summary>
    private static string Rows(int count, Func<int, string>? extra = null)
    {
        var random = new Random(5);
        var text = new StringBuilder("tenure,charges,plan,churned\n");
        for (var i = 0; i < count; i++)
        {
            var tenure = i % 977 == 13 ? "80" : i % 1409 == 7 ? "" : random.Next(0, 73).ToString(CultureInfo.InvariantCulture);
            var charges = i % 1201 == 5 ? "lots" : i % 613 == 3 ? "-1.5" : (random.NextDouble() * 120).ToString("0.####", CultureInfo.InvariantCulture);
            var plan = i % 1511 == 9 ? "gold" : new[] { "basic", "pro", "team" }[random.Next(3)];
            text.Append(tenure).Append(',').Append(charges).Append(',').Append(plan).Append(',').Append(random.Next(2) == 0 ? "true" : "false").Append('\n');
            if (extra is not null) text.Append(extra(i));
        }
        return text.ToString();
    }

    private static string Describe(ValidationOutcome? outcome, DiagnosticBag diagnostics)
    {
        var text = new StringBuilder();
        foreach (var d in diagnostics.Complete()) text.AppendLine(d.ToString());
        text.AppendLine($"errors {diagnostics.ErrorCount}");
        if (outcome is null) return text.Append("no outcome").ToString();
        foreach (var rule in outcome.Rules) text.AppendLine($"{rule.Rule} {rule.Column} {rule.Violations} {rule.FirstAt}");
        foreach (var (name, column) in outcome.Profile.Columns)
        {
            text.AppendLine($"{name} missing {column.Missing} sampled {column.SampledNumbers}");
            if (column.Numbers is { } numbers) text.AppendLine(string.Join(" ", numbers.ToArray().Select(v => v.ToString("R", CultureInfo.InvariantCulture))));
            if (column.Counts is { } counts) text.AppendLine(string.Join(" ", counts.Select(p => $"{p.Key}={p.Value}")));
        }
        return text.ToString();
    }

    private string Validate(DataFile file, int threads, long rangeBytes)
    {
        var contract = ContractFile.Read(Write("c.schema.json", ContractJson), new DiagnosticBag())!;
        var diagnostics = new DiagnosticBag(5);
        var outcome = ContractValidator.Validate("training data", [file], contract, "churned", diagnostics, 42, threads, rangeBytes);
        return Describe(outcome, diagnostics);
    }

    [Fact]
    public void Ranges_on_two_threads_give_what_one_pass_gives()
    {
        var file = Write("data.csv", Rows(6_000, i => i % 2000 == 1999 ? "\n" : "")); // blank lines too
        var onePass = Validate(file, 1, long.MaxValue);
        Assert.Contains("MLOPS1029", onePass); // the rules did break: there is something to compare
        Assert.Equal(onePass, Validate(file, 1, 4096));
        Assert.Equal(onePass, Validate(file, 2, 4096));
        Assert.Equal(onePass, Validate(file, 2, 1000));
    }

    [Fact]
    public void The_drift_sample_of_a_large_file_does_not_depend_on_how_it_is_split()
    {
        var file = Write("large.csv", Rows(ContractValidator.SampleCapacity + 30_000));
        var onePass = Validate(file, 1, long.MaxValue);
        Assert.Contains("sampled True", onePass);
        Assert.Equal(onePass, Validate(file, 2, 64 << 10));
        Assert.Equal(onePass, Validate(file, 2, 300 << 10));
    }

    [Fact]
    public void A_file_with_quoted_newlines_is_read_in_one_pass_with_the_right_lines()
    {
        // A range boundary may fall inside the quoted field; the ranges see the quote and the file is read whole.
        var file = Write("quoted.csv", Rows(3_000, i => i == 1500 ? "5,\"10.5\",\"pro\nteam\",true\n" : ""));
        var onePass = Validate(file, 1, long.MaxValue);
        Assert.Contains("'pro\nteam'", onePass);
        Assert.Equal(onePass, Validate(file, 2, 2048));
    }

    [Fact]
    public void Invalid_utf8_in_a_later_range_ends_the_file_as_in_one_pass()
    {
        var text = Encoding.UTF8.GetBytes(Rows(4_000));
        text[text.Length / 2] = 0xFF;
        File.WriteAllBytes(Path.Combine(_directory, "bad.csv"), text);
        var file = new DataFile(Path.Combine(_directory, "bad.csv"), "bad.csv");
        var onePass = Validate(file, 1, long.MaxValue);
        Assert.Contains(DiagnosticCodes.InvalidUtf8, onePass);
        Assert.Equal(onePass, Validate(file, 2, 4096));
    }

    [Fact]
    public void A_bag_absorbs_a_range_s_messages_at_their_lines_within_the_cap()
    {
        var whole = new DiagnosticBag(3);
        whole.Error("MLOPS1029", "first", "f.csv", 2, 1);
        var part = new DiagnosticBag(3);
        for (var line = 1; line <= 5; line++) part.Error("MLOPS1029", $"part {line}", "f.csv", line, 4);
        part.Warning("MLOPS1030", "no line", "f.csv");
        whole.Absorb(part, 100);
        Assert.Equal(6, whole.Count("MLOPS1029"));
        var items = whole.Complete();
        Assert.Equal(["2 first", "101 part 1", "102 part 2", "0 no line"], items.Take(4).Select(d => $"{d.Line} {d.Message}"));
        Assert.Equal(6, whole.ErrorCount);
        Assert.Contains(items, d => d.Message.StartsWith("3 more MLOPS1029", StringComparison.Ordinal));
    }

    [Fact]
    public void A_large_table_loads_in_ranges_as_it_loads_in_one_pass()
    {
        // Over the 8 MB range size; the same rows with one quoted field are read in one pass, for comparison.
        var rows = Rows(400_000);
        var clean = rows.Replace(",lots,", ",,");
        var (split, whole) = (Write("split.csv", rows), Write("whole.csv", rows.Replace("\n5,", "\n\"5\",")));
        var (cleanSplit, cleanWhole) = (Write("clean-split.csv", clean), Write("clean-whole.csv", clean.Replace("\n5,", "\n\"5\",")));
        Assert.True(new FileInfo(cleanSplit.FullPath).Length > CsvChunks.DefaultRangeBytes);
        string Load(DataFile file)
        {
            var diagnostics = new DiagnosticBag(5);
            var types = new Dictionary<string, ColumnType> { ["tenure"] = ColumnType.Number, ["charges"] = ColumnType.Number, ["plan"] = ColumnType.Category, ["churned"] = ColumnType.Boolean };
            var table = TableLoader.Load([file], new LoadOptions(types, new HashSet<string> { "churned" }), diagnostics);
            var text = new StringBuilder(string.Join("\n", diagnostics.Complete().Select(d => d.ToString().Replace(file.DisplayPath, "file"))));
            if (table is null) return text.Append("no table").ToString();
            text.AppendLine($"{table.RowCount} rows");
            foreach (var column in table.Columns)
                text.AppendLine($"{column.Name}: {string.Join(",", column.Levels ?? [])} {(column.Numbers is { } n ? string.Join(",", n.Select(v => v.ToString("R", CultureInfo.InvariantCulture))) : string.Join(",", column.Codes!))}");
            return text.ToString();
        }
        var once = Load(whole);
        Assert.Contains("MLOPS1010", once); // 'lots' in a number column, reported at its line and column
        Assert.Equal(once, Load(split));
        string Types(DataFile file) => string.Join(", ", TypeInference.Infer([file], new DiagnosticBag())!.Select(p => $"{p.Key} {p.Value}"));
        Assert.Equal("tenure Number, charges Number, plan Category, churned Boolean", Types(whole));
        Assert.Equal(Types(whole), Types(split));
        var table = Load(cleanWhole);
        Assert.Contains("400000 rows", table);
        Assert.Equal(table, Load(cleanSplit));
    }
}
