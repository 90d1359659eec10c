using MLOps.Engine.Data;
using MLOps.Engine.Diagnostics;
using MLOps.Engine.Learners;
using MLOps.Engine.Pipeline;
using MLOps.Engine.Trainers;
using MLOps.Engine.Vocabulary;
using Xunit;

namespace MLOps.Engine.Tests;

/// <summary>The engine's steps on small files, as every front end runs them.</summary>
public sealed class PipelineTests : IDisposable
{
    private readonly string _output = Path.Combine(Path.GetTempPath(), $"mlops-pipeline-{Guid.NewGuid():N}");

    private ModelSpec Spec(string training, string? evaluation = null) => new()
    {
        Name = "T",
        ProjectFile = "T.mlproj",
        LabelColumn = "churned",
        TrainingData = [Fixtures.File(training)],
        EvaluationData = evaluation is null ? [] : [Fixtures.File(evaluation)],
        Outputs = new ModelOutputs(Path.Combine(_output, "T.model.json"), Path.Combine(_output, "T.metrics.json"),
            Path.Combine(_output, "T.report.md"), Path.Combine(_output, "T.fingerprint.json"), Path.Combine(_output, "T.gate.json"), Path.Combine(_output, "T.report.html")),
    };

    [Fact]
    public void A_label_with_one_class_is_an_error()
    {
        var result = ModelBuild.Validate(Spec("dirty/single_class.csv"));

        Assert.False(result.Succeeded);
        Assert.Contains(result.Diagnostics, d => d.Code == DiagnosticCodes.SingleClassLabel && d.Message.Contains("'false'"));
    }

    [Fact]
    public void Categories_unseen_in_training_are_a_warning_naming_them()
    {
        var spec = Spec("dirty/crlf_bom.csv", "dirty/unknown_category.csv");
        var fingerprint = Fingerprint.Compute(spec);
        Assert.True(ModelBuild.Train(spec, fingerprint).Succeeded);

        var result = ModelBuild.Evaluate(spec, fingerprint);

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        var warning = Assert.Single(result.Diagnostics, d => d.Code == DiagnosticCodes.UnseenCategory);
        Assert.Equal(Severity.Warning, warning.Severity);
        Assert.Contains("'three-year' (1 rows)", warning.Message);
    }

    [Fact]
    public void Evaluation_scores_through_the_runtime_give_the_recorded_metrics()
    {
        var spec = Spec("breast_cancer.csv") with { LabelColumn = "benign" };
        var fingerprint = Fingerprint.Compute(spec);
        Assert.True(ModelBuild.Train(spec, fingerprint).Succeeded);
        Assert.True(ModelBuild.Evaluate(spec, fingerprint).Succeeded);

        var metrics = Reports.MetricsFile.Read(spec.Outputs.MetricsPath);

        Assert.True(metrics.HeldOut);
        Assert.InRange(metrics.Metrics["auc"]!.Value, 0.98, 1.0);
        Assert.True(fingerprint.CompareWithRecorded(spec.Outputs).EvaluationUpToDate);
    }

    [Theory]
    [InlineData(ModelTask.BinaryClassification, "breast_cancer.csv", "benign", LogisticRegressionTrainer.TrainerName)]
    [InlineData(ModelTask.MulticlassClassification, "iris.csv", "species", LogisticRegressionTrainer.TrainerName)]
    [InlineData(ModelTask.Regression, "diabetes.csv", "progression", LinearRegressionTrainer.TrainerName)]
    public void Without_a_trainer_the_task_gets_one_that_trains_it(ModelTask task, string data, string label, string trainer)
    {
        var spec = Spec(data) with { Task = task.Name(), LabelColumn = label };

        var result = ModelBuild.Train(spec, Fingerprint.Compute(spec));

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        Assert.Equal(trainer, Runtime.Model.Load(spec.Outputs.ModelPath).Document.Training.Trainer);
    }

    [Fact]
    public void A_trainer_that_is_set_is_kept()
    {
        var spec = Spec("diabetes.csv") with { Task = ModelTask.Regression.Name(), Trainer = GradientBoostedTreesTrainer.TrainerName };

        Assert.Equal(GradientBoostedTreesTrainer.TrainerName, spec.Trainer);
        Assert.Equal(LinearRegressionTrainer.TrainerName, (spec with { Trainer = "" }).Trainer);
    }

    [Theory]
    [InlineData("12,70.5,one-year,false\n3,20.1,month-to-month,false\n", "auc", "every evaluation row has the label 'false'")]
    [InlineData("12,70.5,one-year,true\n", "auc", "every evaluation row has the label 'true'")]
    [InlineData(null, "accuracy", "there are no evaluation rows")] // 20% of 2 training rows held out: none
    public void Undefined_metrics_are_written_as_null_with_their_reason_and_a_warning(string? rows, string metric, string reason)
    {
        Directory.CreateDirectory(_output);
        var evaluation = Path.Combine(_output, "eval.csv");
        File.WriteAllText(evaluation, "tenure_months,monthly_charges,contract,churned\n" + rows);
        var spec = Spec("dirty/crlf_bom.csv") with { EvaluationData = rows is null ? [] : [new DataFile(evaluation, "eval.csv")] };
        var fingerprint = Fingerprint.Compute(spec);
        Assert.True(ModelBuild.Train(spec, fingerprint).Succeeded);

        var result = ModelBuild.Evaluate(spec, fingerprint);

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        var warning = Assert.Single(result.Diagnostics, d => d.Code == DiagnosticCodes.MetricUndefined);
        Assert.Contains($"{metric}", warning.Message);
        Assert.Contains(reason, warning.Message);
        var json = File.ReadAllText(spec.Outputs.MetricsPath);
        Assert.Contains($"\"{metric}\": null", json);
        var metrics = Reports.MetricsFile.Read(spec.Outputs.MetricsPath);
        Assert.Null(metrics.Metrics[metric]);
        Assert.Equal(reason, metrics.Undefined![metric]);
        Assert.Contains($"| {metric} | undefined: {reason} |", File.ReadAllText(spec.Outputs.ReportPath));
    }

    [Fact]
    public void A_metrics_file_with_every_metric_defined_has_no_undefined_object()
    {
        var spec = Spec("dirty/crlf_bom.csv", "dirty/crlf_bom.csv");
        var fingerprint = Fingerprint.Compute(spec);
        Assert.True(ModelBuild.Train(spec, fingerprint).Succeeded);

        var result = ModelBuild.Evaluate(spec, fingerprint);

        Assert.DoesNotContain(result.Diagnostics, d => d.Code == DiagnosticCodes.MetricUndefined);
        Assert.DoesNotContain("undefined", File.ReadAllText(spec.Outputs.MetricsPath));
    }

    [Fact]
    public void Diagnostics_over_the_cap_are_summarized_with_their_count()
    {
        var bag = new DiagnosticBag(maxPerCode: 2);
        for (var i = 0; i < 5; i++) bag.Error("MLOPS1010", "bad", "a.csv", i + 2, 1);

        var items = bag.Complete();

        Assert.Equal(3, items.Count);
        Assert.Contains("3 more MLOPS1010 errors not shown (5 in all)", items[^1].Message);
    }

    [Fact]
    public void Long_messages_and_progress_lines_are_shortened_saying_how_much_was_cut()
    {
        var bag = new DiagnosticBag();
        var value = new string('x', 88_000);
        var original = $"Column 'c' has values the model never saw in training: '{value}' (1 rows).";
        bag.Warning(DiagnosticCodes.UnseenCategory, original, "a.csv");

        var message = Assert.Single(bag.Complete()).Message;
        var step = new StepResult([], ["T: label 'y' with classes " + value]);

        Assert.InRange(message.Length, MessageText.MaxLength - 100, MessageText.MaxLength);
        Assert.StartsWith("Column 'c' has values the model never saw in training: 'xxx", message);
        var cut = int.Parse(System.Text.RegularExpressions.Regex.Match(message, @" … \((\d+,\d+) more characters\)$").Groups[1].Value.Replace(",", ""));
        Assert.Equal(original.Length, message.Length - $" … ({cut:N0} more characters)".Length + cut);
        Assert.InRange(Assert.Single(step.Messages).Length, 1, MessageText.MaxLength);
    }

    [Fact]
    public void Lists_in_messages_name_the_first_few_and_count_the_rest()
    {
        Assert.Equal("c0 / c1 / c2 / … (997 more)", MessageText.FirstFew(Enumerable.Range(0, 1000).Select(i => $"c{i}"), " / ", 3));
        Assert.Equal("a, b", MessageText.FirstFew(["a", "b"]));
        Assert.Equal($"{new string('v', 300)}, … (2 more)", MessageText.FirstFew(Enumerable.Repeat(new string('v', 300), 3)));
    }

    [Fact]
    public void A_label_with_a_thousand_classes_names_ten_of_them_in_the_progress_line()
    {
        Directory.CreateDirectory(_output);
        var training = Path.Combine(_output, "classes.csv");
        File.WriteAllLines(training, ["x,churned", .. Enumerable.Range(0, 3000).Select(i => $"{i % 7},class-{i % 1000:D4}")]);
        var spec = Spec("dirty/crlf_bom.csv") with { TrainingData = [new DataFile(training, "classes.csv")], Task = ModelTask.MulticlassClassification.Name() };

        var line = Assert.Single(ModelBuild.Validate(spec).Messages, m => m.Contains("with classes"));

        Assert.Matches(@"with classes class-0000 / class-0001 / .* / class-0009 / … \(9\d\d more\)\.$", line);
        Assert.True(line.Length < 300, line);
    }

    [Theory]
    [InlineData(LogisticRegressionTrainer.TrainerName)]
    [InlineData(GradientBoostedTreesTrainer.TrainerName)]
    public void A_column_of_ten_thousand_distinct_long_strings_keeps_its_most_frequent_categories_and_says_so(string trainer)
    {
        Directory.CreateDirectory(_output);
        var training = Path.Combine(_output, "long.csv");
        var note = new string('n', 300);
        // Each of 10,000 long values twice: not mostly distinct, so a category column, not text.
        File.WriteAllLines(training, ["x,note,churned", .. Enumerable.Range(0, 20_000).Select(i => $"{i % 13},{note}-{i % 10_000:D5},{(i % 3 == 0 ? "true" : "false")}")]);
        var spec = Spec("dirty/crlf_bom.csv") with { TrainingData = [new DataFile(training, "long.csv")], Trainer = trainer };

        var result = ModelBuild.Train(spec, Fingerprint.Compute(spec));

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        var warning = Assert.Single(result.Diagnostics, d => d.Code == DiagnosticCodes.CategoriesCapped);
        Assert.StartsWith($"Column 'note' has 10,", warning.Message);
        Assert.Contains($"the model keeps the {Features.FeaturePlan.MaxCategories} most frequent as categories", warning.Message);
        Assert.Contains("<ExcludeColumn Include=\"note\" />", warning.Message);
        Assert.InRange(new FileInfo(spec.Outputs.ModelPath).Length, 1, 1_000_000);
        var input = Runtime.Model.Load(spec.Outputs.ModelPath).Document.Inputs.Single(i => i.Name == "note");
        Assert.Equal(Features.FeaturePlan.MaxCategories, input.Levels!.Count);
    }

    [Fact]
    public void A_column_with_no_values_is_left_out_with_a_message_that_says_so()
    {
        Directory.CreateDirectory(_output);
        var training = Path.Combine(_output, "empty_column.csv");
        File.WriteAllLines(training, ["x,nothing,churned", .. Enumerable.Range(0, 40).Select(i => $"{i},,{(i % 2 == 0 ? "true" : "false")}")]);
        var spec = Spec("dirty/crlf_bom.csv") with { TrainingData = [new DataFile(training, "empty_column.csv")] };

        var result = ModelBuild.Validate(spec);

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        var warning = Assert.Single(result.Diagnostics, d => d.Code == DiagnosticCodes.ColumnAllMissing);
        Assert.Equal("Column 'nothing' has no value in any training row and is not used as a model input. Fill it in, or add <ExcludeColumn Include=\"nothing\" /> to say so explicitly.", warning.Message);
        Assert.DoesNotContain(result.Diagnostics, d => d.Code == DiagnosticCodes.ColumnIgnoredAsText);
    }

    [Theory]
    [InlineData("20", true)]
    [InlineData("3", false)]
    public void Trees_that_never_split_warn_that_the_model_is_constant(string minLeafRows, bool warned)
    {
        Directory.CreateDirectory(_output);
        var training = Path.Combine(_output, "thirty.csv");
        File.WriteAllLines(training, ["x,churned", .. Enumerable.Range(0, 30).Select(i => $"{i},{(i < 15 ? "false" : "true")}")]);
        var spec = Spec("dirty/crlf_bom.csv") with
        {
            TrainingData = [new DataFile(training, "thirty.csv")],
            EvaluationData = [new DataFile(training, "thirty.csv")],
            Trainer = GradientBoostedTreesTrainer.TrainerName,
            TrainerParameters = [KeyValuePair.Create("MinLeafRows", minLeafRows)],
        };

        var result = ModelBuild.Train(spec, Fingerprint.Compute(spec));

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        var warning = result.Diagnostics.SingleOrDefault(d => d.Code == DiagnosticCodes.ConstantModel);
        Assert.Equal(warned, warning is not null);
        if (warning is not null) Assert.Contains("because its 30 training rows are fewer than a split needs, 2 × MinLeafRows (20)", warning.Message);
    }

    [Fact]
    public void The_gate_writes_the_same_files_whether_it_takes_the_scores_evaluation_computed_or_scores_again()
    {
        var spec = Spec("churn_train.csv", "churn_test.csv") with
        {
            Gates =
            [
                new GateItem("auc", new Dictionary<string, string> { ["Minimum"] = "0.6" }),
                new GateItem("accuracy", new Dictionary<string, string> { ["Minimum"] = "0.99" }),
            ],
        };
        string[] Written() => [.. new[] { spec.Outputs.GateResultPath, spec.Outputs.HtmlReportPath, spec.Outputs.ReportPath }.Select(File.ReadAllText)];
        using (var pipeline = new ModelPipeline(spec))
            foreach (var step in ModelPipeline.Steps) pipeline.Run(step, _ => { });
        var shared = Written();
        File.Delete(spec.Outputs.GateResultPath);

        var alone = ModelBuild.Gate(spec, Fingerprint.Compute(spec));

        Assert.Contains(alone.Diagnostics, d => d.Code == DiagnosticCodes.GateFailed && d.Message.Contains("accuracy"));
        Assert.Equal(shared, Written());
    }

    [Fact]
    public void The_gate_takes_the_metrics_evaluation_computed_when_they_fit_its_model_and_rows()
    {
        var spec = Spec("churn_train.csv", "churn_test.csv") with
        {
            Gates = [new GateItem("auc", new Dictionary<string, string> { ["Minimum"] = "0.6" })],
        };
        var data = new BuildData();
        var fingerprint = Fingerprint.Compute(spec);
        Assert.True(ModelBuild.Validate(spec, data: data).Succeeded);
        Assert.True(ModelBuild.Train(spec, fingerprint, data: data).Succeeded);
        Assert.True(ModelBuild.Evaluate(spec, fingerprint, data).Succeeded);
        // What evaluation handed over, with an auc the gate would fail: the gate failing shows it took it.
        var evaluated = Assert.IsType<EvaluatedScores>(data.Evaluated);
        data.Evaluated = evaluated with { Metrics = new Dictionary<string, double>(evaluated.Metrics) { ["auc"] = 0.5 } };

        var gate = ModelBuild.Gate(spec, fingerprint, data: data);

        Assert.Contains(gate.Diagnostics, d => d.Code == DiagnosticCodes.GateFailed && d.Message.Contains("auc"));
    }

    public void Dispose()
    {
        if (Directory.Exists(_output)) Directory.Delete(_output, recursive: true);
    }
}
