using MLOps.Engine.Learners.Trees;
using MLOps.Engine.Pipeline;
using MLOps.Engine.Vocabulary;
using MLOps.Runtime;
using Xunit;

namespace MLOps.Engine.Tests;

/// <summary>Gradient-boosted trees: what they learn, that the runtime scores them as training saw them, and determinism.</summary>
public sealed class GradientBoostedTreesTests : IDisposable
{
    private readonly string _output = Path.Combine(Path.GetTempPath(), $"mlops-trees-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_output)) Directory.Delete(_output, recursive: true);
    }

    private ModelSpec Spec(string training, string label, string? evaluation = null, ModelTask task = ModelTask.BinaryClassification, params (string, string)[] parameters) => new()
    {
        Name = "T",
        ProjectFile = "T.mlproj",
        Task = task.Name(),
        Trainer = "GradientBoostedTrees",
        LabelColumn = label,
        TrainingData = [Fixtures.File(training)],
        EvaluationData = evaluation is null ? [] : [Fixtures.File(evaluation)],
        ExcludeColumns = ["customer_id"],
        TrainerParameters = parameters.Select(p => KeyValuePair.Create(p.Item1, p.Item2)).ToArray(),
        Outputs = new ModelOutputs(Path.Combine(_output, "T.model.json"), Path.Combine(_output, "T.metrics.json"),
            Path.Combine(_output, "T.report.md"), Path.Combine(_output, "T.fingerprint.json"), Path.Combine(_output, "T.gate.json"), Path.Combine(_output, "T.report.html")),
    };

    private static IReadOnlyDictionary<string, double> TrainAndEvaluate(ModelSpec spec)
    {
        var fingerprint = Fingerprint.Compute(spec);
        var trained = ModelBuild.Train(spec, fingerprint);
        Assert.True(trained.Succeeded, string.Join("\n", trained.Diagnostics));
        var evaluated = ModelBuild.Evaluate(spec, fingerprint);
        Assert.True(evaluated.Succeeded, string.Join("\n", evaluated.Diagnostics));
        return Reports.MetricsFile.Read(spec.Outputs.MetricsPath).Metrics.ToDictionary(m => m.Key, m => m.Value ?? double.NaN);
    }

    [Fact]
    public void Churn_with_categories_and_missing_values_trains_and_scores_through_the_runtime()
    {
        var metrics = TrainAndEvaluate(Spec("churn_train.csv", "churned", "churn_test.csv"));
        Assert.InRange(metrics["auc"], 0.80, 1.0);
        var model = Model.Load(Path.Combine(_output, "T.model.json"));
        Assert.Equal(PredictorKinds.Trees, model.Document.Predictor.Kind);
        Assert.Equal(100, model.Document.Predictor.Trees!.Count);
        Assert.All(model.Document.Inputs, i => Assert.Equal(InputTypes.RawEncoding, i.Encoding));
        Assert.DoesNotContain("Threads", model.Document.Training.Parameters.Keys);
    }

    [Theory]
    [InlineData("churn_train.csv", "churned", ModelTask.BinaryClassification)]
    [InlineData("diabetes.csv", "progression", ModelTask.Regression)]
    [InlineData("iris.csv", "species", ModelTask.MulticlassClassification)]
    public void Batch_scoring_gives_the_same_bits_as_row_by_row(string file, string label, ModelTask task)
    {
        TrainAndEvaluate(Spec(file, label, task: task));
        var model = Model.Load(Path.Combine(_output, "T.model.json"));
        var (table, _) = Fixtures.Load(file);
        var matrix = Features.TableRows.Matrix(table!, model);
        var k = model.ClassCount;
        var batch = new double[table!.RowCount * k];
        model.ScoreFeaturesBatch(matrix, batch);
        var single = new double[k];
        for (var r = 0; r < table.RowCount; r++)
        {
            var features = matrix.AsSpan(r * model.FeatureCount, model.FeatureCount);
            if (k > 1) model.ScoreFeaturesClasses(features, single);
            else single[0] = model.ScoreFeatures(features);
            Assert.Equal(single, batch.AsSpan(r * k, k).ToArray());
        }
    }

    [Fact]
    public void Regression_trees_fit_diabetes()
    {
        var metrics = TrainAndEvaluate(Spec("diabetes.csv", "progression", task: ModelTask.Regression));
        Assert.InRange(metrics["r2"], 0.2, 1.0);
    }

    [Theory]
    [InlineData("iris.csv", "species", 3, 0.9)]
    [InlineData("wine.csv", "cultivar", 3, 0.9)]
    public void Multiclass_trees_learn_softmax_and_score_every_class(string file, string label, int classes, double minimumAccuracy)
    {
        var metrics = TrainAndEvaluate(Spec(file, label, task: ModelTask.MulticlassClassification));
        Assert.InRange(metrics["accuracy"], minimumAccuracy, 1.0);
        Assert.InRange(metrics["macro_auc_ovr"], 0.95, 1.0);
        var model = Model.Load(Path.Combine(_output, "T.model.json"));
        Assert.Equal(Links.Softmax, model.Document.Predictor.Link);
        Assert.Equal(classes, model.ClassCount);
        Assert.Equal(100 * classes, model.Document.Predictor.Trees!.Count);
        Span<double> probabilities = stackalloc double[classes];
        model.ScoreClasses(model.CreateRow(), probabilities);
        Assert.Equal(1.0, probabilities.ToArray().Sum(), 12);
        Assert.Throws<InvalidOperationException>(() => model.Score(model.CreateRow()));
    }

    [Fact]
    public void Multiclass_models_gate_against_a_baseline_and_report_confusion_matrices()
    {
        var spec = Spec("wine.csv", "cultivar", task: ModelTask.MulticlassClassification);
        TrainAndEvaluate(spec);
        var baseline = Path.Combine(_output, "baseline.model.json");
        File.Copy(spec.Outputs.ModelPath, baseline);
        spec = spec with
        {
            BaselineModel = new Data.DataFile(baseline, "baseline.model.json"),
            Gates =
            [
                new GateItem("accuracy", new Dictionary<string, string> { ["Minimum"] = "0.8" }),
                new GateItem("macro_f1", new Dictionary<string, string> { ["MaxDecrease"] = "0.02" }),
                new GateItem("log_loss", new Dictionary<string, string> { ["MaxDecrease"] = "0.05" }),
            ],
        };
        var gated = ModelBuild.Gate(spec, Fingerprint.Compute(spec));
        Assert.True(gated.Succeeded, string.Join("\n", gated.Diagnostics));
        var result = Gates.GateResult.TryRead(spec.Outputs.GateResultPath)!;
        Assert.Equal(3, result.Gates.Count);
        Assert.All(result.Gates, g => Assert.Equal(Gates.GateOutcome.Passed, g.Outcome));
        Assert.Contains("paired bootstrap", result.Gates.Single(g => g.Metric == "macro_f1").Test);
        Assert.Contains("most probable class", File.ReadAllText(spec.Outputs.HtmlReportPath));
    }

    [Fact]
    public void The_model_file_is_the_same_for_one_thread_and_two()
    {
        TrainAndEvaluate(Spec("churn_train.csv", "churned", "churn_test.csv", parameters: [("Threads", "1"), ("RowFraction", "0.8"), ("FeatureFraction", "0.7")]));
        var one = File.ReadAllBytes(Path.Combine(_output, "T.model.json"));
        TrainAndEvaluate(Spec("churn_train.csv", "churned", "churn_test.csv", parameters: [("Threads", "2"), ("RowFraction", "0.8"), ("FeatureFraction", "0.7")]));
        Assert.Equal(one, File.ReadAllBytes(Path.Combine(_output, "T.model.json")));
    }

    [Fact]
    public void Early_stopping_keeps_the_best_round()
    {
        TrainAndEvaluate(Spec("churn_train.csv", "churned", "churn_test.csv", parameters: [("Trees", "2000"), ("LearningRate", "0.3"), ("EarlyStoppingRounds", "10")]));
        var model = Model.Load(Path.Combine(_output, "T.model.json"));
        Assert.InRange(model.Document.Predictor.Trees!.Count, 1, 1000);
    }

    [Fact]
    public void A_split_routes_missing_values_the_way_that_lowers_the_loss()
    {
        // x missing ⇔ y = 1; present values carry no signal. The first split must send missing values to their own side.
        var n = 400;
        var x = Enumerable.Range(0, n).Select(i => i % 4 == 0 ? double.NaN : i % 7).ToArray();
        var y = x.Select(v => double.IsNaN(v) ? 1.0 : 0.0).ToArray();
        var bins = FeatureBins.Fit([x], 255, 1);
        var parameters = new TreeParameters(1, 2, 1, 255, 5, 0, 1, 1, 0, 1, 42);
        var model = GradientBoosting.Train(bins, y, BoostingObjective.LogLoss, parameters);
        var tree = Assert.Single(model.Trees);
        var ensemble = new Model(new ModelDocument
        {
            Format = ModelFormat.FormatName, FormatVersion = 1, Name = "m", Task = "BinaryClassification",
            Label = new LabelSpec("y", InputTypes.Number, ["0", "1"]),
            Inputs = [new InputSpec { Name = "x", Type = InputTypes.Number, Encoding = InputTypes.RawEncoding }],
            Predictor = new PredictorSpec(PredictorKinds.Trees, "logit", model.Intercept, []) { Trees = model.Trees },
            Training = new TrainingInfo("GradientBoostedTrees", new Dictionary<string, string>(), 42, "t", "", n),
        });
        Assert.True(ensemble.ScoreFeatures([double.NaN]) > 0.6);
        Assert.True(ensemble.ScoreFeatures([3.0]) < 0.4);
        Assert.True(ensemble.ScoreFeatures([100.0]) < 0.4); // a value never seen goes where its bin would
    }

    [Fact]
    public void Leaves_read_by_rows_and_by_columns_give_the_same_trees_for_one_thread_and_two()
    {
        // 120,000 rows: leaves under 1/8 of the rows read their bins by rows (in two halves with two threads once they
        // have 4,096 rows), larger ones by columns; integer sums make every way give the same trees.
        var random = new Random(5);
        var n = 120_000;
        var columns = Enumerable.Range(0, 6).Select(_ => Enumerable.Range(0, n).Select(_ => random.NextDouble()).ToArray()).ToArray();
        var y = Enumerable.Range(0, n).Select(r => columns[0][r] * columns[1][r] + 0.3 * columns[2][r] > 0.4 + 0.2 * random.NextDouble() ? 1.0 : 0.0).ToArray();
        BoostedModel Train(int threads) => GradientBoosting.Train(FeatureBins.Fit(columns, 255, threads), y, BoostingObjective.LogLoss,
            new TreeParameters(5, 31, 0.1, 255, 20, 1, 1, 1, 0, threads, 42));

        var one = Train(1);
        var two = Train(2);

        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(one.Trees), System.Text.Json.JsonSerializer.Serialize(two.Trees));
        Assert.Contains(one.Trees, t => t.Leaves.Count == 31);
    }

    [Fact]
    public void Every_leaf_holds_at_least_MinLeafRows_training_rows_although_histograms_hold_no_counts()
    {
        // A strong signal makes the hessians of later rounds range over orders of magnitude, so hessian sums alone
        // would say little about how many rows a side has.
        var random = new Random(3);
        var n = 3_000;
        var columns = Enumerable.Range(0, 4).Select(_ => Enumerable.Range(0, n).Select(_ => random.NextDouble() * 10).ToArray()).ToArray();
        var y = Enumerable.Range(0, n).Select(r => columns[0][r] + columns[1][r] > 10 + random.NextDouble() ? 1.0 : 0.0).ToArray();
        const int minLeafRows = 37;
        var parameters = new TreeParameters(40, 31, 0.5, 255, minLeafRows, 0, 1, 1, 0, 2, 42);
        var model = GradientBoosting.Train(FeatureBins.Fit(columns, 255, 2), y, BoostingObjective.LogLoss, parameters);
        foreach (var tree in model.Trees)
        {
            var rows = new int[tree.Leaves.Count];
            for (var r = 0; r < n; r++)
            {
                var node = 0;
                while (node >= 0) node = columns[tree.Feature[node]][r] <= tree.Threshold[node] ? tree.Left[node] : tree.Right[node];
                rows[~node]++;
            }
            Assert.All(rows, count => Assert.True(count >= minLeafRows, $"a leaf with {count} rows"));
        }
        Assert.True(model.Trees.Average(t => t.Leaves.Count) > 10, "the trees should grow");
    }

    [Theory]
    // scikit-learn 1.2.1 HistGradientBoosting (100 trees, 31 leaves, learning rate 0.1, 255 bins, 20 rows per leaf,
    // L2 1, no early stopping) on the same split: every fifth row a test row (eng/benchmarks/compare_peer.py).
    [InlineData("breast_cancer", "benign", ModelTask.BinaryClassification, "log_loss", 0.1305497777633164)]
    [InlineData("wine", "cultivar", ModelTask.MulticlassClassification, "log_loss", 0.06285260134009064)]
    [InlineData("diabetes", "progression", ModelTask.Regression, "r2", 0.4251753022259128)]
    public void Trees_give_scikit_learns_test_metrics_with_the_same_settings(string data, string label, ModelTask task, string metric, double scikitLearn)
    {
        Directory.CreateDirectory(_output);
        var lines = File.ReadAllLines(Fixtures.Path($"{data}.csv"));
        var rows = lines.Skip(1).Select((line, i) => (line, i)).ToArray();
        var train = Path.Combine(_output, "train.csv");
        var test = Path.Combine(_output, "test.csv");
        File.WriteAllLines(train, rows.Where(r => r.i % 5 != 0).Select(r => r.line).Prepend(lines[0]));
        File.WriteAllLines(test, rows.Where(r => r.i % 5 == 0).Select(r => r.line).Prepend(lines[0]));
        var spec = Spec(train, label, test, task) with
        {
            TrainingData = [new Data.DataFile(train, "train.csv")],
            EvaluationData = [new Data.DataFile(test, "test.csv")],
        };
        var metrics = TrainAndEvaluate(spec);
        Assert.Equal(scikitLearn, metrics[metric], 1e-6);
    }
}
