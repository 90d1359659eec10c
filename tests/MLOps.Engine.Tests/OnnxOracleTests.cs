using System.Text.Json;
using System.Text.Json.Nodes;
using MLOps.Engine.Data;
using MLOps.Engine.Diagnostics;
using MLOps.Engine.Features;
using MLOps.Engine.Learners;
using MLOps.Engine.Onnx;
using MLOps.Engine.Pipeline;
using MLOps.Engine.Vocabulary;
using MLOps.Runtime;
using Xunit;

namespace MLOps.Engine.Tests;

/// <summary>
/// Exported files checked by a second ONNX implementation: eng/oracles/onnx_oracle.mjs scores tests/fixtures/onnx/*.onnx
/// with onnxruntime-node and records the scores in tests/fixtures/onnx/oracle.json. The cases (model, ONNX file, rows and
/// MLOps.Runtime's scores) are checked in, so they do not move when the learners do.
/// </summary>
public sealed class OnnxOracleTests
{
    /// <summary>Models ML.NET trained and the build converted (MLOps.MLNet.Tests writes them: Write_the_ML_NET_oracle_models).</summary>
    private static readonly string[] MLNetKinds = ["mlnet-lightgbm", "mlnet-fastforest", "mlnet-lbfgs-logistic"];

    private static readonly string[] Kinds = ["binary-logistic", "binary-trees", "multiclass-logistic", "multiclass-trees", "regression-linear", "regression-trees", .. MLNetKinds];

    public static TheoryData<string> Cases => [.. Kinds];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Onnxruntime_node_scores_the_exported_file_as_MLOps_Runtime_does(string kind)
    {
        var oracle = JsonNode.Parse(File.ReadAllText(Fixtures.Path("onnx/oracle.json")))!;
        var rows = JsonNode.Parse(File.ReadAllText(Fixtures.Path($"onnx/{kind}.rows.json")))!;
        var expected = rows["runtime"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray();
        var actual = oracle["cases"]![kind]!["scores"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray();

        Assert.StartsWith("onnxruntime-node ", oracle["implementation"]!.GetValue<string>());
        Assert.Equal(expected.Length, actual.Length);
        Assert.InRange(OnnxExportStep.Compare(expected, actual).Difference, 0, 1e-9);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_checked_in_model_still_exports_to_the_checked_in_bytes(string kind)
    {
        var model = ModelFormat.FromBytes(File.ReadAllBytes(Fixtures.Path($"onnx/{kind}.model.json")), kind);

        Assert.Equal(File.ReadAllBytes(Fixtures.Path($"onnx/{kind}.onnx")), OnnxExport.ToBytes(model));
    }

    /// <summary>
    /// Writes the cases: MLOPS_WRITE_ONNX_CASES=$PWD/tests/fixtures/onnx dotnet test --filter Write_the_oracle_cases (after
    /// MLOps.MLNet.Tests' Write_the_ML_NET_oracle_models with the same variable), then run the oracle.
    /// </summary>
    [Fact]
    public void Write_the_oracle_cases()
    {
        if (Environment.GetEnvironmentVariable("MLOPS_WRITE_ONNX_CASES") is not { Length: > 0 } folder) return;
        Directory.CreateDirectory(folder);
        // 200 evaluation rows, and rows with every input missing, unknown categories, and missing values among known ones.
        var rowsFile = Path.Combine(Path.GetTempPath(), $"mlops-onnx-rows-{Guid.NewGuid():N}.csv");
        File.WriteAllLines(rowsFile, File.ReadLines(Fixtures.Path("churn_test.csv")).Take(201).Concat(
        [
            "X1,,,,,,,,,,",
            "X2,12,50.5,600,ten-year,crypto,moon,other,,3,true",
            "X3,1,20,,month-to-month,card,,female,true,,true",
        ]));
        var cases = new (string Kind, string Task, string Trainer, string Label)[]
        {
            ("binary-logistic", ModelTask.BinaryClassification.Name(), "LogisticRegression", "churned"),
            ("binary-trees", ModelTask.BinaryClassification.Name(), "GradientBoostedTrees", "churned"),
            ("multiclass-logistic", ModelTask.MulticlassClassification.Name(), "LogisticRegression", "contract"),
            ("multiclass-trees", ModelTask.MulticlassClassification.Name(), "GradientBoostedTrees", "contract"),
            ("regression-linear", ModelTask.Regression.Name(), "LinearRegression", "monthly_charges"),
            ("regression-trees", ModelTask.Regression.Name(), "GradientBoostedTrees", "monthly_charges"),
        };
        foreach (var (kind, task, trainer, label) in cases)
        {
            var output = Path.Combine(Path.GetTempPath(), $"mlops-onnx-case-{Guid.NewGuid():N}");
            var spec = new ModelSpec
            {
                Name = "Churn", ProjectFile = "Churn.mlproj", Task = task, Trainer = trainer, LabelColumn = label, ExcludeColumns = ["customer_id"],
                TrainerParameters = trainer == "GradientBoostedTrees" ? [new("Trees", "10"), new("Leaves", "8")] : [],
                TrainingData = [Fixtures.File("churn_train.csv")],
                Outputs = new ModelOutputs(Path.Combine(output, "m.model.json"), Path.Combine(output, "m.metrics.json"), Path.Combine(output, "m.report.md"),
                    Path.Combine(output, "m.fingerprint.json"), Path.Combine(output, "m.gate.json"), Path.Combine(output, "m.report.html")),
            };
            Assert.True(ModelBuild.Train(spec, Fingerprint.Compute(spec)).Succeeded);
            File.Copy(spec.Outputs.ModelPath, Path.Combine(folder, $"{kind}.model.json"), overwrite: true);
            Directory.Delete(output, recursive: true);
        }
        // The ML.NET models are trained by MLOps.MLNet.Tests (this project has no ML.NET): exported from the checked-in files.
        foreach (var kind in cases.Select(c => c.Kind).Concat(MLNetKinds))
        {
            var model = Model.Load(Path.Combine(folder, $"{kind}.model.json"));
            var table = TableLoader.Load([new DataFile(rowsFile, "rows.csv")], new LoadOptions(EvaluationData.TypesOf(model.Document), new HashSet<string>()), new DiagnosticBag())!;
            File.WriteAllBytes(Path.Combine(folder, $"{kind}.onnx"), OnnxExport.ToBytes(model.Document));
            File.WriteAllText(Path.Combine(folder, $"{kind}.rows.json"), RowsJson(model, table).ToJsonString(new JsonSerializerOptions { WriteIndented = false }) + "\n");
        }
        File.Delete(rowsFile);
    }

    /// <summary>Every input's column as the ONNX graph takes it (numbers with null for missing, categories with "" for missing), and the runtime's scores.</summary>
    private static JsonObject RowsJson(Model model, DataTable table)
    {
        var rows = new TableRows(table, model.Inputs);
        var row = model.CreateRow();
        var columns = model.Inputs.Select(_ => new JsonArray()).ToArray();
        for (var r = 0; r < table.RowCount; r++)
        {
            rows.Fill(r, row);
            for (var i = 0; i < model.Inputs.Count; i++)
                columns[i].Add(model.Inputs[i].Type == InputTypes.Category ? JsonValue.Create(row.Categories[i] ?? "")
                    : double.IsNaN(row.Numbers[i]) ? null : JsonValue.Create(row.Numbers[i]));
        }
        var inputs = new JsonObject();
        for (var i = 0; i < model.Inputs.Count; i++)
            inputs[model.Inputs[i].Name] = new JsonObject { ["type"] = model.Inputs[i].Type == InputTypes.Category ? "string" : "double", ["values"] = columns[i] };
        return new JsonObject
        {
            ["output"] = OnnxExport.OutputOf(model.Document),
            ["width"] = model.ClassCount,
            ["inputs"] = inputs,
            ["runtime"] = new JsonArray([.. ModelBuild.ScoresOf(model, table).Select(v => JsonValue.Create(v))]),
        };
    }
}
