using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLOps.Engine.Data;
using MLOps.Engine.Diagnostics;
using MLOps.Engine.Pipeline;
using MLOps.Engine.Trainers;
using MLOps.Runtime;
using Xunit;

namespace MLOps.MLNet.Tests;

/// <summary>
/// An ML.NET .zip trained elsewhere (here: by ML.NET in the test) as <c>PretrainedModel</c>: converted to MLOps.Runtime
/// when its pipeline is Concatenate (+ an affine normalizer) + a converted predictor, checked on the evaluation rows,
/// evaluated like a trained model; any other pipeline is MLOPS2077 naming what has no conversion.
/// </summary>
public sealed class PretrainedZipTests : IDisposable
{
    private static readonly string[] Columns = ["mean_radius", "mean_texture", "mean_perimeter", "mean_smoothness"];
    private readonly string _output = Path.Combine(Path.GetTempPath(), $"mlops-zip-{Guid.NewGuid():N}");

    public PretrainedZipTests() => TrainerRegistry.RegisterFrom(typeof(MLNetTrainer).Assembly);

    [Theory]
    [InlineData("FastTree")]
    [InlineData("LightGbm")]
    [InlineData("Sdca")]
    public void A_zip_of_concatenate_and_a_converted_predictor_is_converted_checked_and_evaluated(string trainer)
    {
        var spec = Spec(Zip(trainer, context => trainer switch
        {
            "FastTree" => context.BinaryClassification.Trainers.FastTree(numberOfTrees: 20),
            "LightGbm" => context.BinaryClassification.Trainers.LightGbm(numberOfIterations: 20),
            _ => context.Transforms.NormalizeMinMax("Features").Append(context.BinaryClassification.Trainers.SdcaLogisticRegression()),
        }));
        var fingerprint = Fingerprint.Compute(spec);

        var trained = ModelBuild.Train(spec, fingerprint);
        var evaluated = ModelBuild.Evaluate(spec, fingerprint);

        Assert.True(trained.Succeeded, string.Join("\n", trained.Diagnostics));
        Assert.Contains(trained.Messages, m => m.Contains($"took the pretrained ML.NET model {trainer}.zip") && m.Contains("not trained by this build") && m.Contains("as ML.NET does"));
        var document = Model.Load(spec.Outputs.ModelPath).Document;
        Assert.Equal("external", document.Training.TrainedBy);
        Assert.StartsWith("ML.NET ", document.Training.Trainer);
        Assert.Equal(Columns, document.Inputs.Select(i => i.Name));
        Assert.True(document.Training.Conversion!.Rows > 0);
        Assert.InRange(document.Training.Conversion.MaxDifference, 0, 1e-5);
        Assert.True(evaluated.Succeeded, string.Join("\n", evaluated.Diagnostics));
    }

    [Theory]
    [InlineData("LbfgsMaximumEntropy")]
    [InlineData("SdcaMaximumEntropy")]
    [InlineData("LightGbm")]
    public void A_multiclass_zip_is_converted_with_its_classes_in_the_projects_order(string trainer)
    {
        // Rows reversed: ML.NET numbers the classes as it first sees them (virginica first), the project sorts them.
        var spec = IrisSpec(IrisZip(trainer, context => trainer switch
        {
            "LbfgsMaximumEntropy" => context.MulticlassClassification.Trainers.LbfgsMaximumEntropy(),
            "SdcaMaximumEntropy" => context.Transforms.NormalizeMeanVariance("Features").Append(context.MulticlassClassification.Trainers.SdcaMaximumEntropy(maximumNumberOfIterations: 20)),
            _ => context.MulticlassClassification.Trainers.LightGbm(new Microsoft.ML.Trainers.LightGbm.LightGbmMulticlassTrainer.Options { NumberOfIterations = 10, UseSoftmax = true }),
        }));
        var fingerprint = Fingerprint.Compute(spec);

        var trained = ModelBuild.Train(spec, fingerprint);
        var evaluated = ModelBuild.Evaluate(spec, fingerprint);

        Assert.True(trained.Succeeded, string.Join("\n", trained.Diagnostics));
        var model = Model.Load(spec.Outputs.ModelPath);
        Assert.Equal(["setosa", "versicolor", "virginica"], model.Document.Label.Classes);
        Assert.InRange(model.Document.Training.Conversion!.MaxDifference, 0, 1e-5);
        Assert.True(evaluated.Succeeded, string.Join("\n", evaluated.Diagnostics));
        AssertTypicalFlowersGetTheirClass(model.CreateRow, model.ScoreClasses);
    }

    [Fact]
    public void A_zip_with_a_transform_that_has_no_conversion_is_scored_through_ML_NET_and_kept_beside_the_model()
    {
        var zip = Zip("Replaced", context => context.Transforms.ReplaceMissingValues("Features").Append(context.BinaryClassification.Trainers.FastTree(numberOfTrees: 5)));
        var spec = Spec(zip);
        var fingerprint = Fingerprint.Compute(spec);

        var trained = ModelBuild.Train(spec, fingerprint);
        var evaluated = ModelBuild.Evaluate(spec, fingerprint);

        Assert.True(trained.Succeeded, string.Join("\n", trained.Diagnostics));
        Assert.Contains(trained.Messages, m => m.Contains("has no MLOps.Runtime form (its MissingValueReplacingTransformer has no MLOps.Runtime form") && m.Contains("scored through ML.NET"));
        var document = ModelFormat.FromBytes(File.ReadAllBytes(spec.Outputs.ModelPath), spec.Outputs.ModelPath);
        Assert.Equal((PredictorKinds.MLNet, "M.mlnet.zip"), (document.Predictor.Kind, document.Predictor.ModelFile));
        Assert.Equal(File.ReadAllBytes(zip), File.ReadAllBytes(spec.Outputs.MLNetModelPath));
        Assert.Contains("MissingValueReplacingTransformer", document.Training.NotConverted);
        Assert.True(evaluated.Succeeded, string.Join("\n", evaluated.Diagnostics));
        Assert.Contains("\"auc\"", File.ReadAllText(spec.Outputs.MetricsPath));
        // The runtime refuses it with the package that scores it; the record covers the .zip.
        Assert.Contains("MLOps.Runtime.MLNet", Assert.Throws<InvalidDataException>(() => Model.Load(spec.Outputs.ModelPath)).Message);
        var onnx = ModelBuild.Evaluate(spec with { ExportOnnx = "true" }, Fingerprint.Compute(spec with { ExportOnnx = "true" }));
        Assert.Contains("is an ML.NET model scored through ML.NET (its MissingValueReplacingTransformer", Assert.Single(onnx.Diagnostics, d => d.Code == DiagnosticCodes.OnnxNotExportable).Message);
        File.WriteAllBytes(spec.Outputs.MLNetModelPath, [1, 2, 3]);
        Assert.Contains("M.mlnet.zip is not the file the build recorded", BuildRecord.Read(spec.Outputs)!.TrainingMismatch(spec.Outputs));
    }

    [Fact]
    public void A_multiclass_zip_scored_through_ML_NET_gives_its_classes_in_the_projects_order()
    {
        var spec = IrisSpec(IrisZip("Binned", context => context.Transforms.NormalizeBinning("Features").Append(context.MulticlassClassification.Trainers.LbfgsMaximumEntropy())));

        TrainAndEvaluate(spec);

        var model = MLOps.Runtime.MLNet.MLNetModel.Load(spec.Outputs.ModelPath);
        Assert.Equal(["setosa", "versicolor", "virginica"], model.Classes);
        Assert.Equal(3, model.ClassCount);
        Assert.Equal(IrisColumns, model.Inputs.Select(i => i.Name)); // not the label, which only its MapValueToKey reads
        AssertTypicalFlowersGetTheirClass(model.CreateRow, model.ScoreClasses);
    }

    [Fact]
    public void A_FeaturizeText_zip_scores_in_the_app_through_MLOps_Runtime_MLNet_as_ML_NET_does()
    {
        var context = new MLContext(seed: 1);
        var customers = Customers("churn_train.csv");
        var data = context.Data.LoadFromEnumerable(customers);
        var fitted = context.Transforms.Text.FeaturizeText("contract_text", "contract")
            .Append(context.Transforms.Concatenate("Features", "contract_text", "tenure_months", "monthly_charges"))
            .Append(context.BinaryClassification.Trainers.LbfgsLogisticRegression()).Fit(data);
        Directory.CreateDirectory(_output);
        var zip = Path.Combine(_output, "text.zip");
        context.Model.Save(fitted, data.Schema, zip);
        var spec = Spec(zip) with
        {
            LabelColumn = "churned",
            TrainingData = [new(Path.Combine(AppContext.BaseDirectory, "fixtures", "churn_train.csv"), "churn_train.csv")],
            EvaluationData = [new(Path.Combine(AppContext.BaseDirectory, "fixtures", "churn_test.csv"), "churn_test.csv")],
        };

        TrainAndEvaluate(spec);

        var model = MLOps.Runtime.MLNet.MLNetModel.Load(spec.Outputs.ModelPath);
        Assert.Equal(["contract", "monthly_charges", "tenure_months"], model.Inputs.Select(i => i.Name).Order());
        var customer = Customers("churn_test.csv")[0];
        var row = model.CreateRow().Set("contract", customer.Contract).Set("tenure_months", customer.Tenure).Set("monthly_charges", customer.Charges);
        var expected = fitted.Transform(context.Data.LoadFromEnumerable([customer])).GetColumn<float>("Probability").Single();
        Assert.Equal(expected, model.Score(row));
    }

    [Fact]
    public void A_zip_of_another_task_is_a_coded_error()
    {
        var spec = Spec(Zip("Regression", context => context.Transforms.Conversion.ConvertType("Label", outputKind: DataKind.Single).Append(context.Regression.Trainers.FastTree(numberOfTrees: 5))));

        var trained = ModelBuild.Train(spec, Fingerprint.Compute(spec));

        var error = Assert.Single(trained.Diagnostics, d => d.Code == DiagnosticCodes.PretrainedModelNotConvertible);
        Assert.Contains("the build cannot score it through ML.NET either: it is a Regression model, but the project builds a BinaryClassification model.", error.Message);
    }

    [Fact]
    public void A_zip_that_is_not_an_ML_NET_model_is_a_coded_error()
    {
        Directory.CreateDirectory(_output);
        var path = Path.Combine(_output, "empty.zip");
        File.WriteAllBytes(path, [0x50, 0x4b, 0x05, 0x06, .. new byte[18]]);
        var spec = Spec(path);

        var trained = ModelBuild.Train(spec, Fingerprint.Compute(spec));

        var error = Assert.Single(trained.Diagnostics, d => d.Code == DiagnosticCodes.PretrainedModelNotReadable);
        Assert.StartsWith("PretrainedModel 'empty.zip' could not be read as an ML.NET model: ", error.Message);
    }

    /// <summary>Trains Concatenate(<see cref="Columns"/>) + <paramref name="tail"/> on breast_cancer.csv with ML.NET and saves it as &lt;name&gt;.zip.</summary>
    private string Zip(string name, Func<MLContext, IEstimator<ITransformer>> tail)
    {
        var context = new MLContext(seed: 1);
        var lines = File.ReadAllLines(Fixture().FullPath);
        var header = lines[0].Split(',');
        var at = Columns.Select(c => Array.IndexOf(header, c)).ToArray();
        var label = Array.IndexOf(header, "benign");
        var rows = lines.Skip(1).Select(l => l.Split(',')).Select(f => new Patient
        {
            MeanRadius = Float(f[at[0]]), MeanTexture = Float(f[at[1]]), MeanPerimeter = Float(f[at[2]]), MeanSmoothness = Float(f[at[3]]), Benign = f[label] == "1",
        }).ToList();
        var data = context.Data.LoadFromEnumerable(rows);
        var model = context.Transforms.Concatenate("Features", Columns).Append(tail(context)).Fit(data);
        Directory.CreateDirectory(_output);
        var path = Path.Combine(_output, name + ".zip");
        context.Model.Save(model, data.Schema, path);
        return path;
    }

    /// <summary>Trains (takes) and evaluates the model, both without errors.</summary>
    private static void TrainAndEvaluate(ModelSpec spec)
    {
        var fingerprint = Fingerprint.Compute(spec);
        var trained = ModelBuild.Train(spec, fingerprint);
        Assert.True(trained.Succeeded, string.Join("\n", trained.Diagnostics));
        var evaluated = ModelBuild.Evaluate(spec, fingerprint);
        Assert.True(evaluated.Succeeded, string.Join("\n", evaluated.Diagnostics));
    }

    private delegate void ScoreClasses(ModelRow row, Span<double> probabilities);

    /// <summary>A typical flower of each class gets its own class's highest probability: the classes were not shuffled.</summary>
    private static void AssertTypicalFlowersGetTheirClass(Func<ModelRow> createRow, ScoreClasses score)
    {
        var probabilities = new double[3];
        foreach (var (flower, expected) in new[] { (new[] { 5.0, 3.4, 1.5, 0.2 }, 0), ([5.9, 2.8, 4.3, 1.3], 1), ([6.6, 3.0, 5.6, 2.1], 2) })
        {
            var row = createRow();
            for (var j = 0; j < IrisColumns.Length; j++) row.Set(IrisColumns[j], flower[j]);
            score(row, probabilities);
            Assert.Equal(expected, Array.IndexOf(probabilities, probabilities.Max()));
        }
    }

    private static readonly string[] IrisColumns = ["sepal_length_cm", "sepal_width_cm", "petal_length_cm", "petal_width_cm"];

    /// <summary>Trains MapValueToKey(label) + Concatenate + <paramref name="tail"/> + MapKeyToValue on iris.csv's rows in reverse order, saved as &lt;name&gt;.zip.</summary>
    private string IrisZip(string name, Func<MLContext, IEstimator<ITransformer>> tail)
    {
        var context = new MLContext(seed: 1);
        var rows = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "fixtures", "iris.csv")).Skip(1).Reverse().Select(l => l.Split(','))
            .Select(f => new Flower { SepalLength = Float(f[0]), SepalWidth = Float(f[1]), PetalLength = Float(f[2]), PetalWidth = Float(f[3]), Species = f[4] }).ToList();
        var data = context.Data.LoadFromEnumerable(rows);
        var model = context.Transforms.Conversion.MapValueToKey("Label", "species")
            .Append(context.Transforms.Concatenate("Features", IrisColumns))
            .Append(tail(context))
            .Append(context.Transforms.Conversion.MapKeyToValue("PredictedSpecies", "PredictedLabel")).Fit(data);
        Directory.CreateDirectory(_output);
        var path = Path.Combine(_output, name + ".zip");
        context.Model.Save(model, data.Schema, path);
        return path;
    }

    private ModelSpec IrisSpec(string zip) => Spec(zip) with
    {
        Task = "MulticlassClassification",
        LabelColumn = "species",
        TrainingData = [new(Path.Combine(AppContext.BaseDirectory, "fixtures", "iris.csv"), "iris.csv")],
    };

    private static float Float(string text) => float.Parse(text, CultureInfo.InvariantCulture);

    private static DataFile Fixture() => new(Path.Combine(AppContext.BaseDirectory, "fixtures", "breast_cancer.csv"), "breast_cancer.csv");

    private ModelSpec Spec(string zip) => new()
    {
        Name = "M",
        ProjectFile = "M.mlproj",
        Task = "BinaryClassification",
        LabelColumn = "benign",
        TrainingData = [Fixture()],
        PretrainedModel = new DataFile(zip, Path.GetFileName(zip)),
        Outputs = new ModelOutputs(Path.Combine(_output, "M.model.json"), Path.Combine(_output, "M.metrics.json"),
            Path.Combine(_output, "M.report.md"), Path.Combine(_output, "M.fingerprint.json"), Path.Combine(_output, "M.gate.json"), Path.Combine(_output, "M.report.html")),
    };

    public void Dispose()
    {
        if (Directory.Exists(_output)) Directory.Delete(_output, recursive: true);
    }

    private static List<Customer> Customers(string file) => File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "fixtures", file)).Skip(1)
        .Select(l => l.Split(',')).Select(f => new Customer { Tenure = Float(f[1]), Charges = Float(f[2]), Contract = f[4], Churned = f[10] == "true" }).ToList();

    /// <summary>A customer of churn_*.csv as ML.NET reads it.</summary>
    public sealed class Customer
    {
        [ColumnName("tenure_months")] public float Tenure { get; set; }
        [ColumnName("monthly_charges")] public float Charges { get; set; }
        [ColumnName("contract")] public string Contract { get; set; } = "";
        [ColumnName("Label")] public bool Churned { get; set; }
    }

    /// <summary>An iris as ML.NET reads it, by reflection.</summary>
    public sealed class Flower
    {
        [ColumnName("sepal_length_cm")] public float SepalLength { get; set; }
        [ColumnName("sepal_width_cm")] public float SepalWidth { get; set; }
        [ColumnName("petal_length_cm")] public float PetalLength { get; set; }
        [ColumnName("petal_width_cm")] public float PetalWidth { get; set; }
        [ColumnName("species")] public string Species { get; set; } = "";
    }

    /// <summary>A row as the model's trainer elsewhere had it; public with public properties because ML.NET reads it by reflection.</summary>
    public sealed class Patient
    {
        [ColumnName("mean_radius")] public float MeanRadius { get; set; }
        [ColumnName("mean_texture")] public float MeanTexture { get; set; }
        [ColumnName("mean_perimeter")] public float MeanPerimeter { get; set; }
        [ColumnName("mean_smoothness")] public float MeanSmoothness { get; set; }
        [ColumnName("Label")] public bool Benign { get; set; }
    }
}
