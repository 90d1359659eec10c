using MLOps.Engine.Data;
using MLOps.Engine.Diagnostics;
using MLOps.Engine.Learners;
using MLOps.Engine.Learners.Trees;
using MLOps.Engine.Pipeline;
using MLOps.Engine.Vocabulary;
using Xunit;

namespace MLOps.Engine.Tests;

/// <summary>Ctrl+C stops every learner at its next round or iteration, and a canceled step writes nothing.</summary>
public sealed class CancellationTests : IDisposable
{
    private readonly string _output = Path.Combine(Path.GetTempPath(), $"mlops-cancel-{Guid.NewGuid():N}");

    private static (double[][] Columns, double[] Y) Data(int rows = 3_000)
    {
        var random = new Random(5);
        var columns = Enumerable.Range(0, 3).Select(_ => Enumerable.Range(0, rows).Select(_ => random.NextDouble()).ToArray()).ToArray();
        return (columns, Enumerable.Range(0, rows).Select(r => columns[0][r] + random.NextDouble() > 1 ? 1.0 : 0.0).ToArray());
    }

    private static double[] RowMajor(double[][] columns) =>
        Enumerable.Range(0, columns[0].Length).SelectMany(r => columns.Select(c => c[r])).ToArray();

    [Fact]
    public void Boosting_stops_at_the_round_after_cancellation()
    {
        var (columns, y) = Data();
        using var cancel = new CancellationTokenSource();
        var rounds = 0;
        var parameters = new TreeParameters(1000, 31, 0.1, 255, 20, 0, 1, 1, 0, 2, 42);

        Assert.Throws<OperationCanceledException>(() => GradientBoosting.Train(FeatureBins.Fit(columns, 255, 2), y, BoostingObjective.LogLoss, parameters,
            progress: _ => { rounds += 25; cancel.Cancel(); }, cancel: cancel.Token));
        Assert.Equal(25, rounds); // canceled after round 25, stopped before round 26 reported anything
    }

    [Fact]
    public void Growing_a_tree_stops_before_its_next_split()
    {
        var (columns, y) = Data();
        var bins = FeatureBins.Fit(columns, 255, 1);
        using var workers = new Workers(1);
        var quantized = QuantizedGradients.Quantize(y.Select(v => System.Runtime.Intrinsics.Vector128.Create(v - 0.5, 0.25)).ToArray(),
            System.Runtime.Intrinsics.Vector128.Create(0.5, 0.25), 1, new long[y.Length], workers);
        var grower = new TreeGrower(bins, new TreeParameters(1, 31, 0.1, 255, 20, 0, 1, 1, 0, 1, 42), workers);

        Assert.Throws<OperationCanceledException>(() => grower.Grow(quantized, Enumerable.Range(0, y.Length).ToArray(), [true, true, true], new CancellationToken(true)));
    }

    [Fact]
    public void The_linear_solvers_stop_at_the_iteration_after_cancellation()
    {
        var (columns, y) = Data();
        using var cancel = new CancellationTokenSource();
        var evaluations = 0;
        double CancelOnThirdCall(ReadOnlySpan<double> x, Span<double> gradient)
        {
            if (++evaluations == 3) cancel.Cancel();
            for (var i = 0; i < x.Length; i++) gradient[i] = 2 * (x[i] - 1);
            return x.ToArray().Sum(v => (v - 1) * (v - 1));
        }

        Assert.Throws<OperationCanceledException>(() => Lbfgs.Minimize(CancelOnThirdCall, new double[50], 1000, 1e-300, cancel.Token));
        Assert.InRange(evaluations, 3, 4);
        var canceled = new CancellationToken(true);
        Assert.Throws<OperationCanceledException>(() => LogisticRegression.Fit(columns, y, 1, 100, 1e-9, canceled));
        Assert.Throws<OperationCanceledException>(() => MultinomialLogisticRegression.Fit(RowMajor(columns), 3, y, 2, 1, 100, 1e-9, canceled));
        Assert.Throws<OperationCanceledException>(() => RidgeRegression.Fit(RowMajor(columns), 3, y, 1, canceled));
    }

    [Fact]
    public void Reading_and_binning_the_training_data_stop_when_canceled()
    {
        var canceled = new CancellationToken(true);
        var file = Fixtures.File("churn_train.csv");
        var types = TypeInference.Infer([file], new DiagnosticBag())!;

        Assert.Throws<OperationCanceledException>(() => TypeInference.Infer([file], new DiagnosticBag(), canceled));
        Assert.Throws<OperationCanceledException>(() => TableLoader.Load([file], new LoadOptions(types, new HashSet<string>()) { Cancel = canceled }, new DiagnosticBag()));
        Assert.Throws<OperationCanceledException>(() => FeatureBins.Fit(Data().Columns, 255, 2, canceled));
    }

    [Fact]
    public void The_gate_bootstrap_stops_when_canceled()
    {
        var (columns, y) = Data();
        var metric = Metrics.PairedMetric.For(ModelTask.BinaryClassification, "auc", y, columns[0], columns[1])!;

        Assert.Throws<OperationCanceledException>(() => Statistics.PairedBootstrap.Run(metric, y.Length, 2000, 42, new CancellationToken(true)));
    }

    [Theory]
    [InlineData("GradientBoostedTrees")]
    [InlineData("LogisticRegression")]
    public void A_canceled_training_leaves_the_last_model_and_its_record_as_they_were(string trainer)
    {
        var spec = new ModelSpec
        {
            Name = "T",
            ProjectFile = "T.mlproj",
            LabelColumn = "churned",
            Trainer = trainer,
            TrainingData = [Fixtures.File("churn_train.csv")],
            ExcludeColumns = ["customer_id"],
            Outputs = new ModelOutputs(Path.Combine(_output, "T.model.json"), Path.Combine(_output, "T.metrics.json"),
                Path.Combine(_output, "T.report.md"), Path.Combine(_output, "T.fingerprint.json"), Path.Combine(_output, "T.gate.json"), Path.Combine(_output, "T.report.html")),
        };
        Assert.True(ModelBuild.Train(spec, Fingerprint.Compute(spec)).Succeeded);
        var model = File.ReadAllBytes(spec.Outputs.ModelPath);
        var record = File.ReadAllBytes(spec.Outputs.FingerprintPath);
        var reseeded = spec with { Seed = "7" };

        Assert.Throws<OperationCanceledException>(() => ModelBuild.Train(reseeded, Fingerprint.Compute(reseeded), cancel: new CancellationToken(true)));
        Assert.Throws<OperationCanceledException>(() => ModelBuild.Validate(reseeded, new CancellationToken(true)));

        Assert.Equal(model, File.ReadAllBytes(spec.Outputs.ModelPath));
        Assert.Equal(record, File.ReadAllBytes(spec.Outputs.FingerprintPath));
        Assert.Equal(["T.fingerprint.json", "T.model.json"], Directory.GetFiles(_output).Select(Path.GetFileName).Order());
    }

    public void Dispose()
    {
        if (Directory.Exists(_output)) Directory.Delete(_output, recursive: true);
    }
}
