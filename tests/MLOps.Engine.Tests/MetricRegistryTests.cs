using MLOps.Engine.Data;
using MLOps.Engine.Diagnostics;
using MLOps.Engine.Gates;
using MLOps.Engine.Metrics;
using MLOps.Engine.Pipeline;
using MLOps.Engine.Reports;
using MLOps.Engine.Vocabulary;
using Xunit;

namespace MLOps.Engine.Tests;

/// <summary>Metrics are objects found by name: the catalog, metrics a test brings, and names nobody knows.</summary>
public sealed class MetricRegistryTests : IDisposable
{
    private readonly string _output = Path.Combine(Path.GetTempPath(), $"mlops-metrics-{Guid.NewGuid():N}");

    /// <summary>Share of rows classified wrong (1 − accuracy): a metric the catalog does not have, in one class.</summary>
    private sealed class ErrorRate() : RowMeanMetric("error_rate", ModelTask.BinaryClassification, MetricDirection.LowerIsBetter)
    {
        public override double Compute(EvaluationScores scores) =>
            Enumerable.Range(0, scores.Labels.Length).Average(i => Row(scores.Labels[i], scores.Scores.AsSpan(i, 1)));

        public override double Row(double label, ReadOnlySpan<double> scores) => (scores[0] >= BinaryMetrics.Threshold) == (label == 1) ? 0 : 1;
    }

    /// <summary>Share of rows predicted positive: no paired difference, so no baseline comparison.</summary>
    private sealed class PositiveRate() : Metric("positive_rate", ModelTask.BinaryClassification, MetricDirection.HigherIsBetter)
    {
        public override double Compute(EvaluationScores scores) => scores.Scores.Average(s => s >= BinaryMetrics.Threshold ? 1.0 : 0.0);
    }

    [Theory]
    [InlineData(ModelTask.BinaryClassification, "auc,average_precision,log_loss,brier,accuracy,precision,recall,f1,balanced_accuracy,mcc")]
    [InlineData(ModelTask.MulticlassClassification, "accuracy,macro_f1,micro_f1,weighted_f1,log_loss,macro_auc_ovr")]
    [InlineData(ModelTask.Regression, "rmse,mse,mae,r2,explained_variance,median_absolute_error")]
    public void Every_catalog_metric_is_found_by_its_name_computed_and_paired(ModelTask task, string catalog)
    {
        var names = catalog.Split(',');
        // Two rows of each class; multiclass scores are two classes' probabilities per row.
        double[] labels = [0, 1, 0, 1];
        double[] scores = task == ModelTask.MulticlassClassification ? [0.8, 0.2, 0.3, 0.7, 0.4, 0.6, 0.1, 0.9] : [0.2, 0.7, 0.6, 0.9];

        Assert.Equal(names, MetricRegistry.Names(task));
        foreach (var name in names)
        {
            var metric = MetricRegistry.Find(task, name);
            Assert.NotNull(metric);
            Assert.Equal((name, task), (metric.Name, metric.Task));
            Assert.True(double.IsFinite(metric.Compute(new EvaluationScores(labels, scores))), name);
            Assert.InRange(metric.Compute(new EvaluationScores(labels, scores)), metric.Range.Low, metric.Range.High);
            Assert.Equal(0, metric.Paired(labels, scores, scores)!.Difference(new Statistics.UnitWeights()));
        }
        Assert.Equal(names.Order(StringComparer.Ordinal), MetricRegistry.Compute(task, labels, scores).Keys);
    }

    [Fact]
    public void Lower_is_better_for_the_losses_and_errors_docs_gates_md_names()
    {
        var lower = ModelTasks.All.SelectMany(MetricRegistry.All).Where(m => m.Direction == MetricDirection.LowerIsBetter).Select(m => m.Name).Distinct();

        Assert.Equal(["log_loss", "brier", "rmse", "mse", "mae", "median_absolute_error"], lower);
    }

    [Fact]
    public void History_shows_the_headline_metrics_and_diff_compares_those_with_a_fast_test()
    {
        Assert.Equal(["auc", "log_loss", "accuracy", "macro_f1", "rmse", "r2"], MetricRegistry.Headlines());
        string[] Compared(ModelTask task) => MetricRegistry.All(task).Where(m => m.Compared).Select(m => m.Name).ToArray();
        Assert.Equal(["auc", "log_loss", "accuracy"], Compared(ModelTask.BinaryClassification));
        Assert.Equal(["accuracy", "log_loss"], Compared(ModelTask.MulticlassClassification));
        Assert.Equal(["rmse", "mae"], Compared(ModelTask.Regression));
    }

    [Fact]
    public void An_unknown_name_is_MLOPS3103_listing_the_tasks_metrics()
    {
        var diagnostics = new DiagnosticBag();

        var gate = GateDefinition.Parse("error_rate", new Dictionary<string, string> { ["Maximum"] = "0.2" }, ModelTask.BinaryClassification, "p.mlproj", diagnostics);

        Assert.Null(gate);
        Assert.Null(MetricRegistry.Find(ModelTask.BinaryClassification, "error_rate"));
        Assert.Null(MetricRegistry.Find(ModelTask.Regression, "auc"));
        var error = Assert.Single(diagnostics.Items);
        Assert.Equal(DiagnosticCodes.UnknownGateMetric, error.Code);
        Assert.Equal("ModelGate 'error_rate' names no BinaryClassification metric. Use one of: auc, average_precision, log_loss, brier, accuracy, precision, recall, f1, balanced_accuracy, mcc.", error.Message);
    }

    [Fact]
    public void A_metric_a_test_registers_is_written_to_the_metrics_file_and_gated_against_the_baseline_by_the_build()
    {
        var spec = new ModelSpec
        {
            Name = "T",
            ProjectFile = "T.mlproj",
            LabelColumn = "churned",
            TrainingData = [Fixtures.File("churn_train.csv")],
            EvaluationData = [Fixtures.File("churn_test.csv")],
            ExcludeColumns = ["customer_id"],
            Outputs = new ModelOutputs(Path.Combine(_output, "T.model.json"), Path.Combine(_output, "T.metrics.json"),
                Path.Combine(_output, "T.report.md"), Path.Combine(_output, "T.fingerprint.json"), Path.Combine(_output, "T.gate.json"), Path.Combine(_output, "T.report.html")),
        };
        using (MetricRegistry.RegisterScoped(new ErrorRate()))
        {
            var fingerprint = Fingerprint.Compute(spec);
            Assert.True(ModelBuild.Train(spec, fingerprint).Succeeded);
            Assert.True(ModelBuild.Evaluate(spec, fingerprint).Succeeded);
            var metrics = MetricsFile.Read(spec.Outputs.MetricsPath).Metrics;
            Assert.Equal(1 - metrics["accuracy"]!.Value, metrics["error_rate"]!.Value, 12);

            var baseline = Path.Combine(_output, "baseline.model.json");
            File.Copy(spec.Outputs.ModelPath, baseline);
            spec = spec with
            {
                BaselineModel = new DataFile(baseline, "baseline.model.json"),
                Gates =
                [
                    new GateItem("error_rate", new Dictionary<string, string> { ["Maximum"] = "0.5" }),
                    new GateItem("error_rate", new Dictionary<string, string> { ["MaxDecrease"] = "0.01" }),
                    new GateItem("error_rate", new Dictionary<string, string> { ["MustImprove"] = "true", ["Test"] = "bootstrap" }),
                ],
            };
            var gated = ModelBuild.Gate(spec, Fingerprint.Compute(spec));

            var result = GateResult.TryRead(spec.Outputs.GateResultPath)!;
            Assert.Equal(["maximum", "non-inferiority", "superiority"], result.Gates.Select(g => g.Rule));
            Assert.All(result.Gates, g => Assert.Equal("error_rate", g.Metric));
            Assert.Equal([GateOutcome.Passed, GateOutcome.Passed, GateOutcome.Failed], result.Gates.Select(g => g.Outcome));
            Assert.StartsWith("paired t", result.Gates[1].Test);
            Assert.StartsWith("paired bootstrap", result.Gates[2].Test);
            Assert.Contains("error_rate superiority: candidate", gated.Diagnostics.Single(d => d.Code == DiagnosticCodes.GateFailed).Message);
        }
        Assert.Null(MetricRegistry.Find(ModelTask.BinaryClassification, "error_rate"));
    }

    [Fact]
    public void A_metric_without_a_paired_difference_takes_floors_but_a_baseline_gate_on_it_is_MLOPS3104()
    {
        using var registration = MetricRegistry.RegisterScoped(new PositiveRate());
        double[] labels = [0, 1, 0, 1, 1];
        double[] scores = [0.2, 0.7, 0.6, 0.9, 0.4];
        var diagnostics = new DiagnosticBag();
        GateDefinition Gate(string rule, string value) =>
            GateDefinition.Parse("positive_rate", new Dictionary<string, string> { [rule] = value }, ModelTask.BinaryClassification, "p.mlproj", diagnostics)!;

        var verdicts = GateEvaluator.EvaluateBinary([Gate("Minimum", "0.5"), Gate("MaxDecrease", "0.1")], labels, scores, scores, new GateSettings(), "p.mlproj", diagnostics);

        var floor = Assert.Single(verdicts);
        Assert.Equal((GateOutcome.Passed, 0.6), (floor.Outcome, floor.Candidate));
        var error = Assert.Single(diagnostics.Items);
        Assert.Equal(DiagnosticCodes.InvalidGate, error.Code);
        Assert.StartsWith("ModelGate 'positive_rate' asks for Test=\"bootstrap\", which does not test positive_rate non-inferiority.", error.Message);
    }

    [Fact]
    public void A_name_the_task_already_has_cannot_be_registered_again()
    {
        using var registration = MetricRegistry.RegisterScoped(new ErrorRate());

        Assert.Throws<ArgumentException>(() => MetricRegistry.RegisterScoped(new ErrorRate()));
        Assert.Equal("error_rate", MetricRegistry.Names(ModelTask.BinaryClassification)[^1]);
    }

    public void Dispose()
    {
        if (Directory.Exists(_output)) Directory.Delete(_output, recursive: true);
    }
}
