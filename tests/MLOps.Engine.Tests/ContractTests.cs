using System.Text;
using MLOps.Engine.Contracts;
using MLOps.Engine.Data;
using MLOps.Engine.Diagnostics;
using Xunit;

namespace MLOps.Engine.Tests;

/// <summary>Every contract rule on small files: the code, the severity, and the place (file, line, character column).</summary>
public sealed class ContractTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("mlops-contract-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private DataFile Write(string name, string text)
    {
        File.WriteAllText(Path.Combine(_directory, name), text);
        return new DataFile(Path.Combine(_directory, name), name);
    }

    private DataContract Contract(string json)
    {
        var diagnostics = new DiagnosticBag();
        var contract = ContractFile.Read(Write("c.schema.json", json), diagnostics);
        Assert.True(contract is not null, string.Join("\n", diagnostics.Items));
        return contract!;
    }

    private (ValidationOutcome? Outcome, IReadOnlyList<Diagnostic> Diagnostics) Validate(string contract, string csv, string? label = null)
    {
        var diagnostics = new DiagnosticBag(3);
        var outcome = ContractValidator.Validate("training data", [Write("data.csv", csv)], Contract(contract), label, diagnostics);
        return (outcome, diagnostics.Complete());
    }

    private const string Header = """{ "format": "mlops-data-contract", "formatVersion": 1, "columns": [""";

    [Fact]
    public void Each_column_rule_reports_its_code_at_the_value()
    {
        var (outcome, diagnostics) = Validate(Header + """
            { "name": "id", "type": "id", "unique": true, "regex": "C[0-9]+" },
            { "name": "age", "type": "integer", "min": 0, "max": 120, "nullable": false },
            { "name": "score", "type": "number" },
            { "name": "plan", "type": "category", "values": ["basic", "pro"] },
            { "name": "active", "type": "boolean" },
            { "name": "since", "type": "datetime" }
            ]}
            """,
            "id,age,score,plan,active,since\n" +
            "C1,30,0.5,basic,true,2024-01-31\n" +
            "C2,-4,x,gold,maybe,yesterday\n" +
            "C1,,1.5,pro,false,2024-02-01T10:00:00Z\n" +
            "X9,33.5,2,pro,true,2024-03-01\n" +
            "C5,121,3,basic,false,2024-03-02\n");
        Assert.NotNull(outcome);
        string At(string code) => string.Join(" | ", diagnostics.Where(d => d.Code == code).Select(d => $"{d.Line},{d.Column} {d.Severity}"));
        Assert.Equal("3,4 Error", At(DiagnosticCodes.BelowMinimum));
        Assert.Equal("6,4 Error", At(DiagnosticCodes.AboveMaximum));
        Assert.Equal("3,7 Error", At(DiagnosticCodes.NotANumber));
        Assert.Equal("3,9 Error", At(DiagnosticCodes.ValueNotAllowed));
        Assert.Equal("3,14 Error", At(DiagnosticCodes.NotABoolean));
        Assert.Equal("3,20 Error", At(DiagnosticCodes.NotADateTime));
        Assert.Equal("4,1 Error", At(DiagnosticCodes.DuplicateValue));
        Assert.Equal("4,4 Error", At(DiagnosticCodes.TooManyMissing));
        Assert.Equal("5,1 Error", At(DiagnosticCodes.PatternMismatch));
        Assert.Equal("5,4 Error", At(DiagnosticCodes.NotAnInteger));
        Assert.Contains("'gold'", diagnostics.Single(d => d.Code == DiagnosticCodes.ValueNotAllowed).Message);
        Assert.Contains("first on line 2", diagnostics.Single(d => d.Code == DiagnosticCodes.DuplicateValue).Message);

        var failed = outcome!.Rules.Where(r => !r.Passed).Select(r => $"{r.Column}.{r.Rule}").Order().ToArray();
        Assert.Equal(["active.type", "age.max", "age.min", "age.missing", "age.type", "id.regex", "id.unique", "plan.values", "score.type", "since.type"], failed);
        Assert.Equal("data.csv(3,4)", outcome.Rules.Single(r => r is { Column: "age", Rule: Rules.Min }).FirstAt);
    }

    [Fact]
    public void Severities_come_from_the_column_then_the_contract_then_the_defaults()
    {
        var (_, diagnostics) = Validate("""
            { "format": "mlops-data-contract", "severity": { "max": "warning" },
              "columns": [
                { "name": "a", "type": "number", "max": 1, "min": 0, "severity": { "min": "info" } },
                { "name": "b", "type": "number", "max": 1 } ] }
            """, "a,b,c\n-1,2,x\n5,0,y\n");
        Assert.Equal(Severity.Info, diagnostics.Single(d => d.Code == DiagnosticCodes.BelowMinimum).Severity);
        Assert.All(diagnostics.Where(d => d.Code == DiagnosticCodes.AboveMaximum), d => Assert.Equal(Severity.Warning, d.Severity));
        var undeclared = diagnostics.Single(d => d.Code == DiagnosticCodes.UndeclaredColumn);
        Assert.Equal((Severity.Warning, 1, 5), (undeclared.Severity, undeclared.Line, undeclared.Column));
        Assert.DoesNotContain(diagnostics, d => d.Severity == Severity.Error);
    }

    [Fact]
    public void Table_rules_check_required_columns_rows_label_shares_and_duplicates()
    {
        var (outcome, diagnostics) = Validate(Header + """
            { "name": "x", "type": "number" }, { "name": "y", "type": "boolean" }, { "name": "z", "type": "number" } ],
            "table": { "requiredColumns": ["x", "y", "z"], "minRows": 10, "minLabelClassShare": 0.3, "maxDuplicateRowShare": 0.1 } }
            """, "x,y\n1,true\n1,true\n2,false\n1,true\n3,true\n", label: "y");
        Assert.NotNull(outcome);
        Assert.Equal(1, diagnostics.Single(d => d.Code == DiagnosticCodes.RequiredColumnMissing).Line);
        Assert.Contains("5 rows", diagnostics.Single(d => d.Code == DiagnosticCodes.RowCountOutOfRange).Message);
        Assert.Contains("Label 'false'", diagnostics.Single(d => d.Code == DiagnosticCodes.LabelShareOutOfRange).Message);
        var duplicates = diagnostics.Single(d => d.Code == DiagnosticCodes.DuplicateRows);
        Assert.Contains("2 rows", duplicates.Message);
        Assert.Contains("data.csv(3)", duplicates.Message);
    }

    [Fact]
    public void Missing_share_is_checked_against_the_contract()
    {
        var (_, diagnostics) = Validate(Header + """{ "name": "x", "type": "number", "maxMissingShare": 0.25 }, { "name": "y", "type": "number" } ]}""", "x,y\n1,1\n,2\n,3\n4,4\n");
        var d = diagnostics.Single(d => d.Code == DiagnosticCodes.TooManyMissing);
        Assert.Contains("2 of 4 rows", d.Message);
        Assert.Contains("data.csv(3,1)", d.Message);
    }

    [Fact]
    public void Repeated_violations_are_capped_and_counted()
    {
        var csv = new StringBuilder("x\n");
        for (var i = 0; i < 50; i++) csv.Append("-1\n");
        var (outcome, diagnostics) = Validate(Header + """{ "name": "x", "type": "number", "min": 0 } ]}""", csv.ToString());
        Assert.Equal(4, diagnostics.Count(d => d.Code == DiagnosticCodes.BelowMinimum));
        Assert.Contains("47 more", diagnostics.Last().Message);
        Assert.Equal(50, outcome!.Rules.Single(r => r.Rule == Rules.Min).Violations);
    }

    [Theory]
    [InlineData("{ \"format\": \"mlops-data-contract\", \"columns\": [ { \"name\": \"a\", \"type\": \"float\" } ] }", 1, 64, "not a contract type")]
    [InlineData("{ \"format\": \"mlops-data-contract\",\n  \"columns\": [\n    { \"name\": \"a\", \"type\": \"number\", \"maximum\": 3 } ] }", 3, 38, "Did you mean 'max'")]
    [InlineData("{ \"format\": \"mlops-data-contract\",\n \"columns\": [ { \"name\": \"a\", \"type\": \"number\" ], }", 2, 47, "not valid JSON")]
    [InlineData("{ \"format\": \"mlops-data-contract\", \"columns\": [], \"severity\": { \"min\": \"fatal\" } }", 1, 65, "not \"error\"")]
    [InlineData("{ \"format\": \"mlops-data-contract\", \"columns\": [], \"table\": { \"maxDuplicateRowShare\": 2 } }", 1, 62, "between 0 and 1")]
    [InlineData("{ \"columns\": [] }", 1, 1, "\"format\" must be")]
    public void Mistakes_in_the_contract_point_at_their_place(string json, int line, int column, string message)
    {
        var diagnostics = new DiagnosticBag();
        Assert.Null(ContractFile.Read(Write("bad.schema.json", json), diagnostics));
        var error = diagnostics.Items.First();
        Assert.Equal(DiagnosticCodes.ContractInvalid, error.Code);
        Assert.True(error.Message.Contains(message) && (line, column) == (error.Line, error.Column), error.ToString());
    }

    [Fact]
    public void A_missing_contract_file_says_how_to_write_one()
    {
        var diagnostics = new DiagnosticBag();
        Assert.Null(ContractFile.Read(new DataFile(Path.Combine(_directory, "none.json"), "none.json"), diagnostics));
        Assert.Contains("mlops schema infer", diagnostics.Items.Single(d => d.Code == DiagnosticCodes.ContractNotFound).Message);
    }

    [Fact]
    public void Drafting_a_contract_from_a_header_without_rows_warns_that_nothing_was_learned()
    {
        var diagnostics = new DiagnosticBag();

        var contract = ContractInference.Infer([Fixtures.File("dirty/header_only.csv")], diagnostics);

        Assert.NotNull(contract);
        var warning = Assert.Single(diagnostics.Complete());
        Assert.Equal((DiagnosticCodes.NoDataRows, Severity.Warning, 1), (warning.Code, warning.Severity, warning.Line));
    }

    [Fact]
    public void Inference_drafts_a_contract_that_reads_back_and_passes_its_own_data()
    {
        var diagnostics = new DiagnosticBag();
        var contract = ContractInference.Infer([Fixtures.File("churn_train.csv")], diagnostics)!;
        string TypeOf(string name) => contract.Find(name)!.Type;
        Assert.Equal(ContractTypes.Id, TypeOf("customer_id"));
        Assert.True(contract.Find("customer_id")!.Unique);
        Assert.Equal(ContractTypes.Integer, TypeOf("tenure_months"));
        Assert.Equal(ContractTypes.Number, TypeOf("monthly_charges"));
        Assert.Equal(ContractTypes.Category, TypeOf("contract"));
        Assert.Equal(["month-to-month", "one-year", "two-year"], contract.Find("contract")!.Values);
        Assert.Equal(ContractTypes.Boolean, TypeOf("churned"));

        var json = ContractFile.ToJson(contract);
        var readBack = ContractFile.Read(Write("churn.schema.json", json), diagnostics);
        Assert.NotNull(readBack);
        Assert.Equal(json, ContractFile.ToJson(readBack!));
        var outcome = ContractValidator.Validate("training data", [Fixtures.File("churn_train.csv")], readBack!, "churned", diagnostics);
        Assert.All(outcome!.Rules, r => Assert.True(r.Passed, $"{r.Column}.{r.Rule}: {r.Violations} at {r.FirstAt}"));
        Assert.Empty(diagnostics.Items);
    }

    // Contracts and data that would take a naive reader minutes or forever stay bounded, with coded messages.

    private IReadOnlyList<Diagnostic> ValidatePattern(string regex, string value)
    {
        var diagnostics = new DiagnosticBag();
        var contract = ContractFile.Read(Write("c.schema.json", $$"""
            {
              "format": "mlops-data-contract",
              "columns": [
                { "name": "code", "type": "text", "regex": "{{regex}}" }
              ]
            }
            """), diagnostics);
        Assert.NotNull(contract);
        Assert.NotNull(ContractValidator.Validate("training data", [Write("data.csv", $"code\n{value}\nab\n")], contract, null, diagnostics));
        return diagnostics.Complete();
    }

    private static readonly string Pathological = new string('a', 50_000) + "b";

    [Fact]
    public void A_regex_that_backtracks_catastrophically_runs_in_linear_time_and_reports_the_mismatch()
    {
        var diagnostics = ValidatePattern("(a+)+$", Pathological);

        var mismatches = diagnostics.Where(d => d.Code == DiagnosticCodes.PatternMismatch).ToArray();
        Assert.Equal([(2, 1), (3, 1)], mismatches.Select(d => (d.Line, d.Column)));
        Assert.DoesNotContain(diagnostics, d => d.Code == DiagnosticCodes.InternalError);
    }

    [Fact]
    public void A_regex_that_needs_backtracking_and_times_out_is_a_coded_error_at_its_place_in_the_contract()
    {
        var diagnostics = ValidatePattern("(?=(a+)+$)a*", Pathological);

        var timedOut = Assert.Single(diagnostics, d => d.Code == DiagnosticCodes.PatternTimedOut);
        Assert.Equal(("c.schema.json", 4, 39), (timedOut.File, timedOut.Line, timedOut.Column));
        Assert.Contains("Column 'code' has a \"regex\" that took longer than 1 s to match a value of the training data (at data.csv(2,1))", timedOut.Message);
        Assert.Equal(Severity.Error, timedOut.Severity);
    }

    [Fact]
    public void A_contract_with_300000_allowed_values_reads_in_linear_time()
    {
        var values = Enumerable.Range(0, 300_000).Select(i => $"\"v{i}\"").ToArray();
        var json = new StringBuilder("""{ "format": "mlops-data-contract", "columns": [ { "name": "c", "type": "category", "values": [""")
            .AppendJoin(", ", values).Append("] }, { \"name\": \"c\", \"type\": \"text\" } ] }").ToString();
        var diagnostics = new DiagnosticBag();

        Assert.Null(ContractFile.Read(Write("big.schema.json", json), diagnostics));

        var column = Assert.Single(diagnostics.Items); // its place is found by the same pass as every value's
        Assert.Equal((1, json.LastIndexOf("\"name\"", StringComparison.Ordinal) + 1), (column.Line, column.Column));
        Assert.Contains("Column 'c' is declared twice", column.Message);
        var contract = ContractFile.Read(Write("big.schema.json", json[..json.LastIndexOf(", {", StringComparison.Ordinal)] + " ] }"), diagnostics);
        Assert.Equal(300_000, contract!.Columns[0].Values!.Count);
    }
}
