using MLOps.Engine.Data;
using MLOps.Engine.Diagnostics;
using MLOps.Engine.Learners;
using MLOps.Engine.Onnx;
using MLOps.Engine.Pipeline;
using MLOps.Engine.Vocabulary;
using MLOps.Runtime;
using Xunit;

namespace MLOps.Engine.Tests;

/// <summary>ModelExportOnnx: every built-in model kind round-trips through ONNX Runtime with MLOps.Runtime's scores.</summary>
public sealed class OnnxExportTests : IDisposable
{
    private readonly string _output = Path.Combine(Path.GetTempPath(), $"mlops-onnx-{Guid.NewGuid():N}");

    private ModelSpec Spec(string task, string trainer, string label, string evaluation = "churn_test.csv") => new()
    {
        Name = "Churn",
        ProjectFile = "Churn.mlproj",
        Task = task,
        Trainer = trainer,
        LabelColumn = label,
        ExcludeColumns = ["customer_id"],
        TrainerParameters = trainer == "GradientBoostedTrees" ? [new("Trees", "20")] : [],
        TrainingData = [Fixtures.File("churn_train.csv")],
        EvaluationData = [new DataFile(evaluation.Contains('/') ? evaluation : Fixtures.Path(evaluation), Path.GetFileName(evaluation))],
        ExportOnnx = "true",
        Outputs = new ModelOutputs(Path.Combine(_output, "Churn.model.json"), Path.Combine(_output, "Churn.metrics.json"),
            Path.Combine(_output, "Churn.report.md"), Path.Combine(_output, "Churn.fingerprint.json"), Path.Combine(_output, "Churn.gate.json"), Path.Combine(_output, "Churn.report.html")),
    };

    public static TheoryData<string, string, string> ModelKinds => new()
    {
        { ModelTask.BinaryClassification.Name(), "LogisticRegression", "churned" },
        { ModelTask.BinaryClassification.Name(), "GradientBoostedTrees", "churned" },
        { ModelTask.MulticlassClassification.Name(), "LogisticRegression", "contract" },
        { ModelTask.MulticlassClassification.Name(), "GradientBoostedTrees", "contract" },
        { ModelTask.Regression.Name(), "LinearRegression", "monthly_charges" },
        { ModelTask.Regression.Name(), "GradientBoostedTrees", "monthly_charges" },
    };

    [Theory]
    [MemberData(nameof(ModelKinds))]
    public void The_build_keeps_an_onnx_file_that_onnx_runtime_scores_as_the_runtime_does(string task, string trainer, string label)
    {
        var spec = Spec(task, trainer, label);
        var fingerprint = Fingerprint.Compute(spec);
        var trained = ModelBuild.Train(spec, fingerprint);
        Assert.True(trained.Succeeded, string.Join("\n", trained.Diagnostics));

        var result = ModelBuild.Evaluate(spec, fingerprint);

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        Assert.Contains(result.Messages, m => m.Contains("ONNX export checked by ONNX Runtime") && m.Contains(spec.Outputs.OnnxPath));
        var model = Model.Load(spec.Outputs.ModelPath);
        var rows = EvaluationRows(spec, model);
        var (difference, _) = OnnxExportStep.Compare(ModelBuild.ScoresOf(model, rows), OnnxScoring.Score(File.ReadAllBytes(spec.Outputs.OnnxPath), model.Document, rows));
        Assert.InRange(difference, 0, 1e-9);
        Assert.True(Fingerprint.Compute(spec).CompareWithRecorded(spec.Outputs).EvaluationUpToDate);
    }

    [Theory]
    [InlineData("LogisticRegression")]
    [InlineData("GradientBoostedTrees")]
    public void Missing_values_and_unknown_categories_score_in_onnx_as_in_the_runtime(string trainer)
    {
        Directory.CreateDirectory(_output);
        var odd = Path.Combine(_output, "odd.csv");
        File.WriteAllLines(odd,
        [
            "customer_id,tenure_months,monthly_charges,total_charges,contract,payment_method,region,gender,senior,support_calls,churned",
            "X1,,,,,,,,,,false",
            "X2,12,50.5,600,ten-year,crypto,moon,other,,3,true",
            "X3,1,20,,month-to-month,card,,female,true,,true",
            "X4,70,110,7700,two-year,check,north,male,false,0,false",
        ]);
        var spec = Spec(ModelTask.BinaryClassification.Name(), trainer, "churned", odd);
        var fingerprint = Fingerprint.Compute(spec);
        var trained = ModelBuild.Train(spec, fingerprint);
        Assert.True(trained.Succeeded, string.Join("\n", trained.Diagnostics));

        var result = ModelBuild.Evaluate(spec, fingerprint);

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        var model = Model.Load(spec.Outputs.ModelPath);
        var rows = EvaluationRows(spec, model);
        var expected = ModelBuild.ScoresOf(model, rows);
        var actual = OnnxScoring.Score(File.ReadAllBytes(spec.Outputs.OnnxPath), model.Document, rows);
        Assert.Equal(4, actual.Length);
        for (var r = 0; r < 4; r++) Assert.Equal(expected[r], actual[r], 1e-12);
    }

    [Fact]
    public void The_same_model_always_exports_the_same_bytes()
    {
        var spec = Spec(ModelTask.MulticlassClassification.Name(), "GradientBoostedTrees", "contract");
        var fingerprint = Fingerprint.Compute(spec);
        var trained = ModelBuild.Train(spec, fingerprint);
        Assert.True(trained.Succeeded, string.Join("\n", trained.Diagnostics));
        var document = Model.Load(spec.Outputs.ModelPath).Document;

        Assert.Equal(OnnxExport.ToBytes(document), OnnxExport.ToBytes(ModelFormat.FromBytes(File.ReadAllBytes(spec.Outputs.ModelPath), "again")));
    }

    [Fact]
    public void Scores_that_differ_are_a_coded_error_naming_the_row_column_and_difference_and_no_file_is_kept()
    {
        var spec = Spec(ModelTask.MulticlassClassification.Name(), "LogisticRegression", "contract");
        var fingerprint = Fingerprint.Compute(spec);
        var trained = ModelBuild.Train(spec, fingerprint);
        Assert.True(trained.Succeeded, string.Join("\n", trained.Diagnostics));
        var model = Model.Load(spec.Outputs.ModelPath);
        var rows = EvaluationRows(spec, model);
        var expected = ModelBuild.ScoresOf(model, rows);
        expected[3 * 3 + 2] += 0.01; // row 4, class 3
        var diagnostics = new DiagnosticBag();

        var kept = OnnxExportStep.Run(spec, model.Document, rows, expected, diagnostics, []);

        Assert.False(kept);
        var error = Assert.Single(diagnostics.Items);
        Assert.Equal(DiagnosticCodes.OnnxScoresDiffer, error.Code);
        Assert.Contains("'probabilities'", error.Message);
        Assert.Contains("by 0.01", error.Message);
        Assert.Contains($"row 4, column 2 (class '{model.Document.Label.Classes[2]}')", error.Message);
        Assert.False(File.Exists(spec.Outputs.OnnxPath));
    }

    [Fact]
    public void A_value_other_than_true_or_false_is_a_coded_error()
    {
        var spec = Spec(ModelTask.BinaryClassification.Name(), "LogisticRegression", "churned") with { ExportOnnx = "yes" };
        var fingerprint = Fingerprint.Compute(spec);
        var trained = ModelBuild.Train(spec, fingerprint);
        Assert.True(trained.Succeeded, string.Join("\n", trained.Diagnostics));

        var result = ModelBuild.Evaluate(spec, fingerprint);

        Assert.Contains(result.Diagnostics, d => d.Code == DiagnosticCodes.InvalidExportOnnx && d.Message.Contains("'yes'"));
    }

    [Fact]
    public void Turning_the_export_on_makes_the_evaluation_stale()
    {
        var off = Spec(ModelTask.BinaryClassification.Name(), "LogisticRegression", "churned") with { ExportOnnx = null };
        var fingerprint = Fingerprint.Compute(off);
        Assert.True(ModelBuild.Train(off, fingerprint).Succeeded);
        Assert.True(ModelBuild.Evaluate(off, fingerprint).Succeeded);
        Assert.False(File.Exists(off.Outputs.OnnxPath));

        var check = Fingerprint.Compute(off with { ExportOnnx = "true" }).CompareWithRecorded(off.Outputs);

        Assert.True(check.TrainingUpToDate);
        Assert.False(check.EvaluationUpToDate);
    }

    [Fact]
    public void A_missing_native_library_is_a_sentence_naming_the_file_the_runtime_identifier_and_the_fix()
    {
        Directory.CreateDirectory(_output);

        var (handle, problem) = OnnxRuntimeLibrary.Load(_output);

        Assert.Equal(0, handle);
        Assert.Contains($"native library {OnnxRuntimeLibrary.FileName} for {OnnxRuntimeLibrary.RuntimeIdentifier} was not found", problem);
        Assert.Contains(Path.Combine(_output, "runtimes", OnnxRuntimeLibrary.RuntimeIdentifier, "native"), problem);
        Assert.Contains("set ModelExportOnnx to false", problem);
    }

    [Fact]
    public void A_damaged_native_library_is_a_sentence_naming_it()
    {
        var native = Path.Combine(_output, "runtimes", OnnxRuntimeLibrary.RuntimeIdentifier, "native");
        Directory.CreateDirectory(native);
        File.WriteAllText(Path.Combine(native, OnnxRuntimeLibrary.FileName), "not a library");

        var (handle, problem) = OnnxRuntimeLibrary.Load(_output);

        Assert.Equal(0, handle);
        Assert.Contains($"{Path.Combine(native, OnnxRuntimeLibrary.FileName)} for {OnnxRuntimeLibrary.RuntimeIdentifier} could not be loaded", problem);
    }

    private static DataTable EvaluationRows(ModelSpec spec, Model model) =>
        TableLoader.Load(spec.EvaluationData, new LoadOptions(EvaluationData.TypesOf(model.Document), new HashSet<string>()), new DiagnosticBag())!;

    public void Dispose()
    {
        if (Directory.Exists(_output)) Directory.Delete(_output, recursive: true);
    }
}
