using Xunit;

namespace MLOps.Build.Tests;

/// <summary>
/// Every dirty file a user will feed it sooner or later (tests/fixtures/dirty), and evaluation sets too small or too
/// one-sided for some metrics, give a clear coded message through every front end: never MLOPS9001, never a stack trace.
/// </summary>
public class DirtyDataTests
{
    private static string Dirty(string file) => Path.Combine(Repository.Root, "tests", "fixtures", "dirty", file);

    public static TheoryData<string> DirtyFiles() =>
        [.. Directory.GetFiles(Path.Combine(Repository.Root, "tests", "fixtures", "dirty"), "*.csv").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    private static void AssertNoCrash(CommandResult result)
    {
        Assert.DoesNotContain("MLOPS9001", result.Output);
        Assert.DoesNotContain("   at ", result.Output); // no stack trace
        Assert.DoesNotContain("Exception", result.Output);
    }

    /// <summary>A failed run says why with a code; a run that passes may say nothing.</summary>
    private static void AssertCodedWhenFailed(CommandResult result) =>
        Assert.True(result.Succeeded || result.Output.Contains("error MLOPS"), result.ToString());

    [Theory]
    [MemberData(nameof(DirtyFiles))]
    public void A_dirty_file_as_training_data_gives_coded_messages_through_build_validate_and_schema_infer(string file)
    {
        using var project = new ModelProject(copyData: false).WithProject("""
              <PropertyGroup><LabelColumn>churned</LabelColumn></PropertyGroup>
              <ItemGroup>
                <TrainingData Include="data/train.csv" />
                <ModelGate Include="auc" Minimum="0.6" />
              </ItemGroup>
            """);
        File.Copy(Dirty(file), project.DataPath("train.csv"));
        File.Copy(Dirty("crlf_bom.csv"), project.DataPath("clean.csv"));

        var build = project.Build();
        AssertNoCrash(build);
        AssertCodedWhenFailed(build);
        if (build.Succeeded) Assert.Contains("warning MLOPS3109", build.Output); // two to four rows: some metrics are undefined

        var inferred = MlopsTool.Run(project.Directory, "schema", "infer", "data/train.csv", "--output", "train.schema.json");
        AssertNoCrash(inferred);
        AssertCodedWhenFailed(inferred);

        Assert.True(MlopsTool.Run(project.Directory, "schema", "infer", "data/clean.csv", "--output", "clean.schema.json").Succeeded);
        var validated = MlopsTool.Run(project.Directory, "validate", "data/train.csv", "--schema", "clean.schema.json", "--label", "churned");
        AssertNoCrash(validated);
        AssertCodedWhenFailed(validated);
    }

    [Fact]
    public void One_class_evaluation_data_writes_undefined_metrics_as_null_and_makes_their_gates_inconclusive()
    {
        using var project = new ModelProject().WithChurnProject(extraItems: """<ModelGate Include="auc" Minimum="0.6" /><ModelGate Include="accuracy" Minimum="0.5" />""");
        File.WriteAllLines(project.DataPath("test.csv"), File.ReadLines(project.DataPath("test.csv")).Where((line, i) => i == 0 || line.EndsWith(",false", StringComparison.Ordinal)).Take(30).ToArray());

        var result = project.Build();

        AssertNoCrash(result);
        Assert.True(result.Succeeded, result.Output);
        Assert.Contains("data/test.csv : warning MLOPS3109: Some metrics are undefined on the 29 evaluation rows and are written as null: auc, average_precision (every evaluation row has the label 'false')", result.Output);
        Assert.Contains("warning MLOPS3108: Gate 'auc Minimum=0.6' is inconclusive", result.Output);
        Assert.Contains("1 of 2 gates passed", result.Output);
        var metrics = File.ReadAllText(project.MetricsPath);
        Assert.Contains("\"auc\": null", metrics);
        Assert.Equal("every evaluation row has the label 'false'", System.Text.Json.JsonDocument.Parse(metrics).RootElement.GetProperty("undefined").GetProperty("auc").GetString());
        Assert.Contains("| auc | undefined: every evaluation row has the label 'false' |", File.ReadAllText(project.ReportPath));
        Assert.Contains("<tr><td>auc</td><td>undefined</td></tr>", File.ReadAllText(Path.Combine(project.OutputDirectory, "Churn.report.html")));

        var packed = project.Dotnet("pack", project.ProjectPath);
        AssertNoCrash(packed);
        Assert.True(packed.Succeeded, packed.Output);
    }

    [Fact]
    public void A_class_missing_from_evaluation_data_makes_macro_auc_undefined_not_a_crash()
    {
        using var project = new ModelProject(copyData: false).WithProject("""
              <PropertyGroup>
                <LabelColumn>species</LabelColumn>
                <ModelTask>MulticlassClassification</ModelTask>
              </PropertyGroup>
              <ItemGroup>
                <TrainingData Include="data/iris.csv" />
                <EvaluationData Include="data/test.csv" />
                <ModelGate Include="macro_auc_ovr" Minimum="0.6" />
              </ItemGroup>
            """);
        var iris = File.ReadAllLines(Path.Combine(Repository.Root, "tests", "fixtures", "iris.csv"));
        File.WriteAllLines(project.DataPath("iris.csv"), iris);
        File.WriteAllLines(project.DataPath("test.csv"), iris.Where((line, i) => i == 0 || !line.EndsWith(",virginica", StringComparison.Ordinal)));

        var result = project.Build();

        AssertNoCrash(result);
        Assert.True(result.Succeeded, result.Output);
        Assert.Contains("warning MLOPS3109", result.Output);
        Assert.Contains("macro_auc_ovr (no evaluation row has the label 'virginica')", result.Output);
        Assert.Contains("warning MLOPS3108: Gate 'macro_auc_ovr Minimum=0.6' is inconclusive", result.Output);
    }

    [Fact]
    public void A_thousand_class_label_is_named_in_a_short_progress_line()
    {
        using var project = new ModelProject(copyData: false).WithProject("""
              <PropertyGroup>
                <LabelColumn>kind</LabelColumn>
                <ModelTask>MulticlassClassification</ModelTask>
              </PropertyGroup>
              <ItemGroup><TrainingData Include="data/train.csv" /></ItemGroup>
            """);
        File.WriteAllLines(project.DataPath("train.csv"), ["x,kind", .. Enumerable.Range(0, 3000).Select(i => $"{i % 7},kind-{i % 1000:D4}")]);

        var result = project.Build("-t:ValidateModelData");

        Assert.True(result.Succeeded, result.Output);
        var line = result.Output.Split('\n').Single(l => l.Contains("with classes"));
        Assert.Contains("with classes kind-0000 / kind-0001 / ", line);
        Assert.Matches(@"kind-0009 / … \(9\d\d more\)\.", line);
        Assert.True(line.Length < 300, line);
    }

    [Fact]
    public void Ten_thousand_distinct_long_strings_and_an_empty_column_give_a_small_model_and_short_messages_saying_what_was_done()
    {
        using var project = new ModelProject(copyData: false).WithProject("""
              <PropertyGroup><LabelColumn>churned</LabelColumn></PropertyGroup>
              <ItemGroup>
                <TrainingData Include="data/train.csv" />
                <EvaluationData Include="data/test.csv" />
              </ItemGroup>
            """);
        var note = new string('n', 300);
        string Row(int i, int value) => $"{i % 13},{note}-{value:D5},,{(i % 3 == 0 ? "true" : "false")}";
        File.WriteAllLines(project.DataPath("train.csv"), ["x,note,nothing,churned", .. Enumerable.Range(0, 20_000).Select(i => Row(i, i % 10_000))]);
        File.WriteAllLines(project.DataPath("test.csv"), ["x,note,nothing,churned", .. Enumerable.Range(0, 500).Select(i => Row(i, 20_000 + i))]);

        var result = project.Build();

        AssertNoCrash(result);
        Assert.True(result.Succeeded, result.Output);
        Assert.Contains("warning MLOPS1042: Column 'note' has 10,000 distinct values; the model keeps the 100 most frequent as categories and scores the other 9,900 (19,800 of 20,000 training rows) as missing.", result.Output);
        Assert.Contains("warning MLOPS1043: Column 'nothing' has no value in any training row", result.Output);
        Assert.InRange(new FileInfo(project.ModelPath).Length, 1, 200_000);
        var unseen = result.Output.Split('\n').First(l => l.Contains("MLOPS1019"));
        Assert.Contains("… (499 more)", unseen); // one 300-character value named, the rest counted
        Assert.True(unseen.Length < 1_300, unseen); // the message is at most 1,000 characters; the rest is file and project
    }
}
