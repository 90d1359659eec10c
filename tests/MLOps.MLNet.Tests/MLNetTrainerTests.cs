using MLOps.Engine.Data;
using MLOps.Engine.Diagnostics;
using MLOps.Engine.Pipeline;
using MLOps.Engine.Trainers;
using MLOps.MLNet.LightGbm;
using MLOps.Runtime;
using Xunit;

namespace MLOps.MLNet.Tests;

/// <summary>
/// Every ML.NET trainer trains through the engine's entry point on each task it takes, and its model is converted to
/// MLOps.Runtime and checked against ML.NET on the evaluation rows (the training step fails otherwise).
/// </summary>
public sealed class MLNetTrainerTests : IDisposable
{
    private readonly string _output = Path.Combine(Path.GetTempPath(), $"mlops-mlnet-{Guid.NewGuid():N}");

    public MLNetTrainerTests() => TrainerRegistry.RegisterFrom(typeof(MLNetTrainer).Assembly);

    private static DataFile Fixture(string name) => new(Path.Combine(AppContext.BaseDirectory, "fixtures", name), name);

    private ModelSpec Spec(string trainer, string task, string label, string training, string? evaluation = null, params KeyValuePair<string, string>[] parameters) => new()
    {
        Name = "M",
        ProjectFile = "M.mlproj",
        Task = task,
        Trainer = trainer,
        LabelColumn = label,
        TrainerParameters = parameters,
        TrainingData = [Fixture(training)],
        EvaluationData = evaluation is null ? [] : [Fixture(evaluation)],
        ExcludeColumns = training.StartsWith("churn", StringComparison.Ordinal) ? ["customer_id"] : [],
        Outputs = new ModelOutputs(Path.Combine(_output, "M.model.json"), Path.Combine(_output, "M.metrics.json"),
            Path.Combine(_output, "M.report.md"), Path.Combine(_output, "M.fingerprint.json"), Path.Combine(_output, "M.gate.json"), Path.Combine(_output, "M.report.html")),
    };

    public static TheoryData<string, string, string, string, string?> Cases => new()
    {
        { "MLNet.LightGbm", "BinaryClassification", "churned", "churn_train.csv", "churn_test.csv" },
        { "MLNet.LightGbm", "MulticlassClassification", "species", "iris.csv", null },
        { "MLNet.LightGbm", "Regression", "progression", "diabetes.csv", null },
        { "MLNet.FastTree", "BinaryClassification", "churned", "churn_train.csv", "churn_test.csv" },
        { "MLNet.FastTree", "Regression", "progression", "diabetes.csv", null },
        { "MLNet.FastForest", "BinaryClassification", "benign", "breast_cancer.csv", null },
        { "MLNet.FastForest", "Regression", "progression", "diabetes.csv", null },
        { "MLNet.Sdca", "BinaryClassification", "benign", "breast_cancer.csv", null },
        { "MLNet.Sdca", "MulticlassClassification", "species", "iris.csv", null },
        { "MLNet.Sdca", "Regression", "progression", "diabetes.csv", null },
        { "MLNet.LbfgsLogisticRegression", "BinaryClassification", "churned", "churn_train.csv", "churn_test.csv" },
        { "MLNet.LbfgsMaximumEntropy", "MulticlassClassification", "species", "iris.csv", null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Trains_converts_and_checks_the_conversion(string trainer, string task, string label, string training, string? evaluation)
    {
        var spec = Spec(trainer, task, label, training, evaluation);
        var fingerprint = Fingerprint.Compute(spec);

        var trained = ModelBuild.Train(spec, fingerprint);
        var evaluated = ModelBuild.Evaluate(spec, fingerprint);

        Assert.True(trained.Succeeded, string.Join("\n", trained.Diagnostics));
        Assert.Contains(trained.Messages, m => m.Contains($"trained {trainer} (ML.NET)") && m.Contains("scores the") && m.Contains("as ML.NET does"));
        var model = Model.Load(spec.Outputs.ModelPath);
        Assert.Equal(trainer, model.Document.Training.Trainer);
        Assert.InRange(model.Document.Training.Conversion!.MaxDifference, 0, 1e-5);
        Assert.Equal("ML.NET 5.0.1", model.Document.Training.Conversion.From);
        Assert.True(evaluated.Succeeded, string.Join("\n", evaluated.Diagnostics));
    }

    [Theory]
    [InlineData("MLNet.LightGbm", "BinaryClassification", "churned", "churn_train.csv", "churn_test.csv")]
    [InlineData("MLNet.FastForest", "BinaryClassification", "churned", "churn_train.csv", "churn_test.csv")]
    [InlineData("MLNet.LbfgsLogisticRegression", "BinaryClassification", "churned", "churn_train.csv", "churn_test.csv")]
    [InlineData("MLNet.LightGbm", "MulticlassClassification", "species", "iris.csv", null)]
    [InlineData("MLNet.FastTree", "Regression", "progression", "diabetes.csv", null)]
    public void The_converted_model_exports_to_ONNX_checked_by_ONNX_Runtime(string trainer, string task, string label, string training, string? evaluation)
    {
        var spec = Spec(trainer, task, label, training, evaluation) with { ExportOnnx = "true" };
        var fingerprint = Fingerprint.Compute(spec);

        Assert.True(ModelBuild.Train(spec, fingerprint).Succeeded);
        var evaluated = ModelBuild.Evaluate(spec, fingerprint);

        Assert.True(evaluated.Succeeded, string.Join("\n", evaluated.Diagnostics));
        var message = Assert.Single(evaluated.Messages, m => m.StartsWith("M: ONNX export checked by ONNX Runtime on ", StringComparison.Ordinal));
        var difference = double.Parse(System.Text.RegularExpressions.Regex.Match(message, @"max difference ([^)]+)\)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(difference, 0, 1e-5);
        Assert.True(File.Exists(spec.Outputs.OnnxPath));
    }

    /// <summary>
    /// Writes the ML.NET models of the ONNX oracle cases (tests/fixtures/onnx/mlnet-*.model.json): run with
    /// MLOPS_WRITE_ONNX_CASES=$PWD/tests/fixtures/onnx, then OnnxOracleTests.Write_the_oracle_cases and eng/oracles/onnx_oracle.mjs.
    /// </summary>
    [Fact]
    public void Write_the_ML_NET_oracle_models()
    {
        if (Environment.GetEnvironmentVariable("MLOPS_WRITE_ONNX_CASES") is not { Length: > 0 } folder) return;
        var small = new[] { KeyValuePair.Create("NumberOfLeaves", "8") };
        foreach (var (kind, trainer, parameters) in new[]
        {
            ("mlnet-lightgbm", "MLNet.LightGbm", [.. small, KeyValuePair.Create("NumberOfIterations", "10")]),
            ("mlnet-fastforest", "MLNet.FastForest", [.. small, KeyValuePair.Create("NumberOfTrees", "10")]),
            ("mlnet-lbfgs-logistic", "MLNet.LbfgsLogisticRegression", Array.Empty<KeyValuePair<string, string>>()),
        })
        {
            var spec = Spec(trainer, "BinaryClassification", "churned", "churn_train.csv", "churn_test.csv", parameters) with { Name = "Churn" };
            Assert.True(ModelBuild.Train(spec, Fingerprint.Compute(spec)).Succeeded);
            File.Copy(spec.Outputs.ModelPath, Path.Combine(folder, $"{kind}.model.json"), overwrite: true);
        }
    }

    [Fact]
    public void An_unknown_parameter_is_a_coded_error_listing_the_trainers_parameters()
    {
        var result = ModelBuild.Validate(Spec("MLNet.LightGbm", "Regression", "progression", "diabetes.csv", null, KeyValuePair.Create("NumberOfLeafs", "8")));

        var error = Assert.Single(result.Diagnostics, d => d.Code == DiagnosticCodes.UnknownTrainerParameter);
        Assert.Contains("Did you mean 'NumberOfLeaves'?", error.Message);
        Assert.Contains("NumberOfIterations, NumberOfLeaves, LearningRate", error.Message);
    }

    [Fact]
    public void No_ML_NET_parameter_is_left_out_of_the_fingerprint_as_only_speed()
    {
        // mlops status computes the fingerprint without loading this assembly: a parameter the build left out of the
        // fingerprint as OnlySpeed would be in the CLI's, and every ML.NET model would look stale right after its build.
        var trainers = typeof(MLNetTrainer).Assembly.GetCustomAttributes(typeof(TrainerAttribute), false).Cast<TrainerAttribute>()
            .Select(a => (ITrainer)Activator.CreateInstance(a.TrainerType)!).ToArray();

        Assert.NotEmpty(trainers);
        Assert.DoesNotContain(trainers.SelectMany(t => t.Parameters ?? []), p => p.OnlySpeed);
    }

    [Fact]
    public void Two_trainings_write_the_same_bytes()
    {
        var spec = Spec("MLNet.LightGbm", "BinaryClassification", "churned", "churn_train.csv", "churn_test.csv");
        var fingerprint = Fingerprint.Compute(spec);

        Assert.True(ModelBuild.Train(spec, fingerprint).Succeeded);
        var first = File.ReadAllBytes(spec.Outputs.ModelPath);
        Assert.True(ModelBuild.Train(spec, fingerprint).Succeeded);

        Assert.Equal(first, File.ReadAllBytes(spec.Outputs.ModelPath));
    }

    [Fact]
    public void A_native_library_that_does_not_load_is_a_coded_error_naming_it_and_the_runtime_identifier()
    {
        var trainer = new LightGbmTrainer { ProbedLibrary = "lib_lightgbm_missing" };
        var diagnostics = new DiagnosticBag();
        var files = new[] { Fixture("diabetes.csv") };
        var rows = TableLoader.Load(files, new LoadOptions(TypeInference.Infer(files, diagnostics)!, new HashSet<string>()), diagnostics)!;

        var trained = trainer.Train(new TrainingRequest
        {
            ModelName = "M", ProjectFile = "M.mlproj", Task = Engine.Vocabulary.ModelTask.Regression, LabelColumn = "progression", LabelType = "number", Classes = [],
            Rows = rows, ExcludeColumns = [], Seed = 1, TrainingFingerprint = "", Diagnostics = diagnostics,
            Parameters = Engine.Learners.TrainerParameters.Parse(trainer.Name, trainer.Parameters, [], "M.mlproj", diagnostics)!,
        });

        Assert.Null(trained);
        var error = Assert.Single(diagnostics.Complete());
        Assert.Equal(DiagnosticCodes.MLNetNativeLibraryMissing, error.Code);
        Assert.Contains("'lib_lightgbm_missing'", error.Message);
        Assert.Contains(System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier, error.Message);
        Assert.Contains("MLNet.FastTree", error.Message);
    }

    [Fact]
    public void ML_NET_still_has_the_hook_that_stops_a_fit_when_the_build_is_cancelled()
    {
        // Cancellation calls MLContext's non-public CancelExecution; an ML.NET without it would only stop after the fit.
        Assert.NotNull(typeof(Microsoft.ML.MLContext).GetMethod("CancelExecution",
            System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic, Type.EmptyTypes));
    }

    [Theory]
    [InlineData(0.5f)]
    [InlineData(-1.25f)]
    [InlineData(3.1415927f)]
    [InlineData(1e-30f)]
    public void A_threshold_sends_every_double_the_way_its_single_precision_value_goes(float threshold)
    {
        var bound = Conversion.TreeConversion.LeftBound(threshold);

        Assert.True((float)bound <= threshold);
        Assert.True((float)Math.BitIncrement(bound) > threshold);
    }

    public void Dispose()
    {
        if (Directory.Exists(_output)) Directory.Delete(_output, recursive: true);
    }
}
