using MLOps.Engine.Diagnostics;
using MLOps.Engine.Gates;
using MLOps.Engine.Metrics;
using MLOps.Engine.Pipeline;
using MLOps.Engine.Statistics;
using MLOps.Engine.Vocabulary;
using Xunit;

namespace MLOps.Engine.Tests;

/// <summary>Gate semantics on constructed cases.</summary>
public class GateTests
{
    private static readonly double[] Y = Fixtures.Oracle("binary_metrics").GetProperty("y_true").Doubles();
    private static readonly double[] Good = Fixtures.Oracle("binary_metrics").GetProperty("score_a").Doubles();
    private static readonly double[] Worse = Fixtures.Oracle("binary_metrics").GetProperty("score_b").Doubles();

    private static GateDefinition Gate(string metric, params (string Key, string Value)[] metadata)
    {
        var diagnostics = new DiagnosticBag();
        var gate = GateDefinition.Parse(metric, metadata.ToDictionary(m => m.Key, m => m.Value), ModelTask.BinaryClassification, "p.mlproj", diagnostics);
        Assert.False(diagnostics.HasErrors, string.Join("\n", diagnostics.Items));
        return gate!;
    }

    private static IReadOnlyList<GateVerdict> Evaluate(double[] candidate, double[]? baseline, params GateDefinition[] gates)
    {
        var diagnostics = new DiagnosticBag();
        var verdicts = GateEvaluator.EvaluateBinary(gates, Y, candidate, baseline, new GateSettings(Resamples: 1000), "p.mlproj", diagnostics);
        Assert.False(diagnostics.HasErrors, string.Join("\n", diagnostics.Items));
        return verdicts;
    }

    [Theory]
    [InlineData("auc")]
    [InlineData("log_loss")]
    [InlineData("brier")]
    [InlineData("accuracy")]
    [InlineData("f1")]
    public void A_clearly_worse_candidate_fails_non_inferiority(string metric)
    {
        var verdict = Assert.Single(Evaluate(Worse, Good, Gate(metric, ("MaxDecrease", "0.001"))));

        Assert.Equal(GateOutcome.Failed, verdict.Outcome);
        Assert.Contains("significantly more than 0.001", verdict.Explanation);
    }

    [Theory]
    [InlineData("auc")]
    [InlineData("log_loss")]
    [InlineData("accuracy")]
    [InlineData("mcc")]
    public void An_equal_candidate_passes_non_inferiority_and_fails_superiority(string metric)
    {
        var verdicts = Evaluate(Good, Good, Gate(metric, ("MaxDecrease", "0.005")), Gate(metric, ("MustImprove", "true")));

        Assert.Equal(GateOutcome.Passed, verdicts.Single(v => v.Rule == "non-inferiority").Outcome);
        Assert.Equal(GateOutcome.Failed, verdicts.Single(v => v.Rule == "superiority").Outcome);
    }

    [Theory]
    [InlineData("auc")]
    [InlineData("average_precision")]
    public void A_gate_on_a_metric_undefined_on_one_class_evaluation_rows_is_inconclusive_never_passed(string metric)
    {
        var negatives = Enumerable.Range(0, Y.Length).Where(i => Y[i] == 0).ToArray();
        var diagnostics = new DiagnosticBag();

        var verdicts = GateEvaluator.EvaluateBinary([Gate(metric, ("MaxDecrease", "0.01")), Gate(metric, ("MustImprove", "true")), Gate(metric, ("Minimum", "0.5"))],
            negatives.Select(_ => 0.0).ToArray(), negatives.Select(i => Good[i]).ToArray(), negatives.Select(i => Worse[i]).ToArray(),
            new GateSettings(Resamples: 1000), "p.mlproj", diagnostics);

        Assert.False(diagnostics.HasErrors, string.Join("\n", diagnostics.Items));
        Assert.Equal(3, verdicts.Count);
        Assert.All(verdicts, v => Assert.Equal(GateOutcome.Inconclusive, v.Outcome));
        Assert.All(verdicts, v => Assert.Contains("undefined", v.Explanation));
    }

    [Fact]
    public void A_clearly_better_candidate_passes_superiority_with_the_requested_tests()
    {
        var verdicts = Evaluate(Good, Worse, Gate("auc", ("MustImprove", "true")), Gate("accuracy", ("MustImprove", "true")), Gate("log_loss", ("MustImprove", "true"), ("Test", "wilcoxon")));

        Assert.All(verdicts, v => Assert.Equal(GateOutcome.Passed, v.Outcome));
        Assert.StartsWith("DeLong", verdicts[0].Test);
        Assert.StartsWith("McNemar exact: 28 rows right only by the candidate, 4 only by the baseline", verdicts[1].Test);
        Assert.Equal(Fixtures.Oracle("paired_tests").GetProperty("delong").GetProperty("pvalue").GetDouble() / 2, verdicts[0].PValue!.Value, 1e-12);
    }

    [Fact]
    public void Holm_turns_a_lone_marginal_p_value_among_many_gates_into_a_pass()
    {
        // A candidate a little worse on AUC: alone, its non-inferiority test is just significant (a false alarm at
        // 5% when nine other gates are tested too); Holm across the ten gates lets it pass.
        var slightlyWorse = Good.Select((s, i) => i % 37 == 0 ? 1 - s : s).ToArray(); // AUC 0.019 lower, one-sided p = 0.031
        var marginal = Gate("auc", ("MaxDecrease", "0"));
        var alone = Assert.Single(Evaluate(slightlyWorse, Good, marginal));
        Assert.InRange(alone.PValue!.Value, 0.005, 0.05);
        Assert.Equal(GateOutcome.Failed, alone.Outcome);

        var others = new[] { "log_loss", "brier", "accuracy", "precision", "recall", "f1", "balanced_accuracy", "mcc", "average_precision" }
            .Select(m => Gate(m, ("MaxDecrease", "1"))).ToArray();
        var together = Evaluate(slightlyWorse, Good, [marginal, .. others]);

        var auc = together.Single(v => v.Metric == "auc");
        Assert.Equal(GateOutcome.Passed, auc.Outcome);
        Assert.True(auc.AdjustedPValue > 0.05);
        Assert.Contains("Holm-adjusted", auc.Explanation);
    }

    [Fact]
    public void The_bound_shown_is_at_the_level_that_decided_the_verdict_so_a_passed_gate_never_shows_a_bound_past_its_margin()
    {
        // The Holm case above. Alone, the 95% upper bound of the AUC difference is below −MaxDecrease (0) and the gate
        // fails. Among ten gates Holm passes it; the display used to keep that unadjusted 95% bound: Passed beside a
        // bound past the margin.
        var slightlyWorse = Good.Select((s, i) => i % 37 == 0 ? 1 - s : s).ToArray();
        var marginal = Gate("auc", ("MaxDecrease", "0"));
        var alone = Assert.Single(Evaluate(slightlyWorse, Good, marginal));
        Assert.True(alone.Bound < 0);
        Assert.Equal(0.95, alone.BoundConfidence!.Value, 12);

        var others = new[] { "log_loss", "brier", "accuracy", "precision", "recall", "f1", "balanced_accuracy", "mcc", "average_precision" }
            .Select(m => Gate(m, ("MaxDecrease", "0.02"))).ToArray();
        var together = Evaluate(slightlyWorse, Good, [marginal, .. others]);

        var auc = together.Single(v => v.Metric == "auc");
        Assert.Equal(GateOutcome.Passed, auc.Outcome);
        Assert.True(auc.Bound >= 0, $"bound {auc.Bound}");
        Assert.InRange(auc.BoundConfidence!.Value, 0.95, 1 - 0.05 / 10);
        Assert.Contains($"upper bound {auc.Bound:+0.####;-0.####;0}", auc.Explanation);
        // Every gate whose bound and p-value come from one test: the bound clears −MaxDecrease exactly when the gate passes.
        Assert.All(together.Where(v => v.Test!.StartsWith("DeLong") || v.Test.StartsWith("paired t")), v =>
            Assert.Equal(v.Outcome == GateOutcome.Passed, (MetricRegistry.Find(ModelTask.BinaryClassification, v.Metric)!.HigherIsBetter ? v.Bound : -v.Bound) >= -v.MaxDecrease));
    }

    [Fact]
    public void Models_that_cannot_differ_give_p_values_not_NaN_so_the_adjustment_of_every_other_gate_stays_defined()
    {
        // Identical scores make DeLong's standard error 0 and z infinite; the normal tail of ±∞ used to be NaN, and
        // one NaN p-value made Holm's adjusted p-value NaN for every gate ranked after it.
        Assert.Equal(1, SpecialFunctions.NormalCdf(double.PositiveInfinity));
        Assert.Equal(0, SpecialFunctions.NormalSurvival(double.PositiveInfinity));
        Assert.Equal(1, SpecialFunctions.NormalSurvival(double.NegativeInfinity));

        var verdicts = Evaluate(Good, Good, Gate("auc", ("MaxDecrease", "0.005")), Gate("log_loss", ("MaxDecrease", "0.01")));
        Assert.All(verdicts, v => Assert.False(double.IsNaN(v.AdjustedPValue!.Value), v.Explanation));
    }

    [Fact]
    public void The_summary_counts_passed_failed_inconclusive_and_skipped_gates_apart()
    {
        var verdicts = Evaluate(Good, null, Gate("auc", ("Minimum", "0.99")), Gate("log_loss", ("Maximum", "0.2")), Gate("auc", ("MaxDecrease", "0.01")), Gate("f1", ("MustImprove", "true")));
        var result = new GateResult("Churn", false, Corrections.Holm, null, verdicts, null, "f");

        Assert.Equal(new GateCounts(Passed: 1, Failed: 1, Inconclusive: 0, Skipped: 2), result.Counts);
        Assert.Equal("1 of 4 gates passed, 1 failed, 0 inconclusive, 2 skipped", result.Counts.ToString());
        var report = new System.Text.StringBuilder();
        MLOps.Engine.Reports.GateSection.Append(report, result);
        Assert.Contains("**Gates failed**: 1 of 4 gates passed, 1 failed, 0 inconclusive, 2 skipped.", report.ToString());
    }

    [Fact]
    public void An_override_scoped_to_named_metrics_accepts_only_their_failures_and_a_refused_model_is_not_packed()
    {
        var verdicts = Evaluate(Worse, Good, Gate("auc", ("MaxDecrease", "0.001")), Gate("log_loss", ("MaxDecrease", "0.001")));
        Assert.All(verdicts, v => Assert.Equal(GateOutcome.Failed, v.Outcome));
        var everything = new GateResult("Churn", false, Corrections.Holm, "p.model.json", verdicts, new GateOverride("approved", "jane", "2026-12-01T00:00:00Z"), "f");
        var aucOnly = everything with { Override = everything.Override! with { Gates = ["auc"] } };

        Assert.True(everything.Accepted);
        Assert.False(aucOnly.Accepted);
        Assert.Equal("log_loss", Assert.Single(aucOnly.Blocking()).Metric);

        var path = Path.Combine(Directory.CreateTempSubdirectory("mlops-gates-").FullName, "Churn.gate.json");
        aucOnly.Write(path);
        var refused = Packing.PackGate.Check("Churn", path, hasGates: true, "p.mlproj");
        Assert.Contains(refused.Diagnostics, d => d.Code == DiagnosticCodes.GateFailedNotPacked && d.Message.Contains("'log_loss MaxDecrease=0.001'") && d.File == "p.mlproj");
        everything.Write(path);
        Assert.True(Packing.PackGate.Check("Churn", path, hasGates: true, "p.mlproj").Succeeded);
        File.Delete(path);
        Assert.Contains(Packing.PackGate.Check("Churn", path, hasGates: true, "p.mlproj").Diagnostics, d => d.Code == DiagnosticCodes.NoGateResultToPack);
        Assert.True(Packing.PackGate.Check("Churn", path, hasGates: false, "p.mlproj").Succeeded);
    }

    [Fact]
    public void Absolute_floors_and_ceilings_compare_the_candidate_only()
    {
        var verdicts = Evaluate(Good, null, Gate("auc", ("Minimum", "0.99")), Gate("log_loss", ("Maximum", "0.2")), Gate("auc", ("MaxDecrease", "0.01")));

        Assert.Equal(GateOutcome.Failed, verdicts[0].Outcome);
        Assert.Contains("auc is 0.9884; it must be at least 0.99", verdicts[0].Explanation);
        Assert.Equal(GateOutcome.Passed, verdicts[1].Outcome);
        Assert.Equal(GateOutcome.Skipped, verdicts[2].Outcome);
    }

    [Theory]
    [InlineData("rmse", new[] { "MaxDecrease", "0.1" }, DiagnosticCodes.UnknownGateMetric)]
    [InlineData("auc", new[] { "Confidence", "1.5" }, DiagnosticCodes.InvalidGate)]
    [InlineData("auc", new[] { "MustImprove", "yes" }, DiagnosticCodes.InvalidGate)]
    [InlineData("auc", new[] { "Test", "anova" }, DiagnosticCodes.InvalidGate)]
    [InlineData("auc", new string[0], DiagnosticCodes.InvalidGate)]
    public void Bad_gates_are_coded_errors(string metric, string[] metadata, string code)
    {
        var diagnostics = new DiagnosticBag();
        var pairs = metadata.Chunk(2).ToDictionary(p => p[0], p => p[1]);

        var gate = GateDefinition.Parse(metric, pairs, ModelTask.BinaryClassification, "p.mlproj", diagnostics);

        Assert.Null(gate);
        Assert.Contains(diagnostics.Items, d => d.Code == code && d.File == "p.mlproj");
    }

    [Fact]
    public void A_test_that_cannot_test_the_metric_is_a_coded_error()
    {
        var diagnostics = new DiagnosticBag();
        GateEvaluator.EvaluateBinary([Gate("f1", ("MustImprove", "true"), ("Test", "delong"))], Y, Good, Worse, new GateSettings(), "p.mlproj", diagnostics);

        Assert.Contains(diagnostics.Items, d => d.Code == DiagnosticCodes.InvalidGate && d.Message.Contains("DeLong tests auc"));
    }
}

/// <summary>Gates on slices and fairness gates.</summary>
public class SliceAndFairnessGateTests
{
    private static readonly double[] Y = Fixtures.Oracle("binary_metrics").GetProperty("y_true").Doubles();
    private static readonly double[] Good = Fixtures.Oracle("binary_metrics").GetProperty("score_a").Doubles();

    [Fact]
    public void A_tiny_slice_is_inconclusive_not_passed()
    {
        var groups = Y.Select((_, i) => i < 20 ? "tiny" : "large").ToArray();
        var slices = EvaluationSlice.Of("region", groups, minimumRows: 50).ToArray();
        var gate = new GateDefinition("auc", 0.5, null, null, false, 0.95, null);

        var verdicts = GateEvaluator.EvaluateBinary([gate], Y, Good, null, new GateSettings(), "p.mlproj", new DiagnosticBag(), slices);

        Assert.Equal(GateOutcome.Passed, verdicts.Single(v => v.Slice is null).Outcome);
        Assert.Equal(GateOutcome.Passed, verdicts.Single(v => v.Slice == "region=large").Outcome);
        var tiny = verdicts.Single(v => v.Slice == "region=tiny");
        Assert.Equal(GateOutcome.Inconclusive, tiny.Outcome);
        Assert.Contains("20 rows, fewer than its MinimumRows 50", tiny.Explanation);

        var table = MLOps.Engine.Reports.SliceTable.Of(new GateResult("Churn", true, Corrections.Holm, null, verdicts, null, "f"))!;
        Assert.Equal([null, "region=large", "region=tiny"], table.Rows.Select(r => r.Slice));
        Assert.Equal([GateOutcome.Passed, GateOutcome.Passed, GateOutcome.Inconclusive], table.Rows.Select(r => r.Outcome));
        Assert.Equal([Y.Length, Y.Length - 20, 20], table.Rows.Select(r => r.Rows!.Value));
        Assert.Equal(BinaryMetrics.Auc(Y, Good), table.Rows[0].Values["auc"].Candidate, 12);
    }

    [Fact]
    public void Fairness_gate_bounds_the_gap_between_groups()
    {
        // Everyone in group b is rejected: demographic parity ratio 0.
        var groups = Y.Select((_, i) => i % 2 == 0 ? "a" : "b").ToArray();
        var unfair = Good.Select((s, i) => i % 2 == 0 ? s : 0.0).ToArray();
        var gate = FairnessGate.Parse("group", new Dictionary<string, string> { ["Metric"] = "demographic_parity_ratio", ["Minimum"] = "0.8" }, "p.mlproj", new DiagnosticBag())!;

        Assert.Equal(GateOutcome.Failed, gate.Decide(Y, unfair, null, groups).Outcome);
        Assert.Equal(GateOutcome.Passed, gate.Decide(Y, Good, null, groups).Outcome);
        Assert.Equal(GateOutcome.Inconclusive, gate.Decide(Y, Good, null, Y.Select(_ => "only").ToArray()).Outcome);
    }

    [Fact]
    public void A_fairness_gate_without_a_known_metric_is_a_coded_error()
    {
        var diagnostics = new DiagnosticBag();

        Assert.Null(FairnessGate.Parse("gender", new Dictionary<string, string> { ["Metric"] = "parity", ["Minimum"] = "0.8" }, "p.mlproj", diagnostics));
        Assert.Contains(diagnostics.Items, d => d.Code == DiagnosticCodes.InvalidGate && d.Message.Contains("demographic_parity_ratio"));
    }
}

/// <summary>Gates of regression models.</summary>
public class RegressionGateTests
{
    private static readonly double[] Targets = Fixtures.Oracle("regression_metrics").GetProperty("y_true").Doubles();
    private static readonly double[] Predictions = Fixtures.Oracle("regression_metrics").GetProperty("prediction").Doubles();

    [Theory]
    [InlineData("mse")]
    [InlineData("mae")]
    [InlineData("rmse")]
    [InlineData("r2")]
    [InlineData("explained_variance")]
    [InlineData("median_absolute_error")]
    public void Paired_regression_metrics_with_unit_weights_give_the_metric_difference(string name)
    {
        var worse = Predictions.Select((p, i) => p + (i % 2 == 0 ? 20 : -15)).ToArray();

        var difference = PairedMetric.For(ModelTask.Regression, name, Targets, Predictions, worse)!.Difference(new UnitWeights());

        Assert.Equal(MetricRegistry.Compute(ModelTask.Regression, Targets, Predictions)[name] - MetricRegistry.Compute(ModelTask.Regression, Targets, worse)[name], difference, 1e-9);
    }

    [Fact]
    public void The_weighted_median_counts_each_row_as_often_as_its_weight()
    {
        // Errors 1, 2, 3, 10 with weights 0, 2, 1, 1: the sample 2, 2, 3, 10 has median 2.5 (numpy's rule).
        double[] targets = [0, 0, 0, 0], predictions = [1, 2, 3, 10], zero = [0, 0, 0, 0];
        var metric = PairedMetric.For(ModelTask.Regression, "median_absolute_error", targets, predictions, zero)!;
        Assert.Equal(2.5, metric.Difference(new FixedWeights([0, 2, 1, 1])), 12);
    }

    private readonly struct FixedWeights(int[] weights) : IRowWeights
    {
        public int Of(int row) => weights[row];
    }

    [Fact]
    public void A_clearly_worse_regression_fails_and_an_equal_one_passes()
    {
        var worse = Predictions.Select((p, i) => p + (i % 2 == 0 ? 40 : -35)).ToArray();
        GateDefinition[] gates = [new("mse", null, null, 10, false, 0.95, null), new("r2", null, null, 0.01, false, 0.95, null), new("r2", 0.3, null, null, false, 0.95, null)];

        var failed = GateEvaluator.Evaluate(ModelTask.Regression, gates, Targets, worse, Predictions, new GateSettings(Resamples: 500), "p.mlproj", new DiagnosticBag());
        var passed = GateEvaluator.Evaluate(ModelTask.Regression, gates, Targets, Predictions, Predictions, new GateSettings(Resamples: 500), "p.mlproj", new DiagnosticBag());

        Assert.All(failed, v => Assert.Equal(GateOutcome.Failed, v.Outcome));
        Assert.All(passed, v => Assert.Equal(GateOutcome.Passed, v.Outcome));
        Assert.StartsWith("paired t", failed.Single(v => v.Metric == "mse" && v.Rule == "non-inferiority").Test);
        Assert.StartsWith("paired bootstrap", failed.Single(v => v.Metric == "r2" && v.Rule == "non-inferiority").Test);
    }
}

/// <summary>Gates of multiclass models: scores are row-major class probabilities.</summary>
public class MulticlassGateTests
{
    private static readonly double[] Labels = Fixtures.Oracle("multiclass_metrics").GetProperty("y_true").EnumerateArray().Select(e => (double)e.GetInt32()).ToArray();
    private static readonly double[] Probabilities = Fixtures.Oracle("multiclass_metrics").GetProperty("proba").EnumerateArray().SelectMany(r => r.Doubles()).ToArray();

    [Theory]
    [InlineData("accuracy")]
    [InlineData("macro_f1")]
    [InlineData("micro_f1")]
    [InlineData("weighted_f1")]
    [InlineData("log_loss")]
    [InlineData("macro_auc_ovr")]
    public void Paired_multiclass_metrics_with_unit_weights_give_the_metric_difference(string name)
    {
        var worse = Shuffled(Probabilities, 3);
        var difference = PairedMetric.For(ModelTask.MulticlassClassification, name, Labels, Probabilities, worse)!.Difference(new UnitWeights());
        var expected = MetricRegistry.Compute(ModelTask.MulticlassClassification, Labels, Probabilities)[name] - MetricRegistry.Compute(ModelTask.MulticlassClassification, Labels, worse)[name];
        Assert.Equal(expected, difference, 1e-9);
    }

    [Fact]
    public void A_clearly_worse_multiclass_model_fails_and_an_equal_one_passes()
    {
        var worse = Shuffled(Probabilities, 7);
        GateDefinition[] gates = [new("accuracy", null, null, 0.01, false, 0.95, null), new("macro_f1", null, null, 0.01, false, 0.95, null), new("log_loss", null, null, 0.05, false, 0.95, null)];
        var diagnostics = new DiagnosticBag();
        var failing = GateEvaluator.Evaluate(ModelTask.MulticlassClassification, gates, Labels, worse, Probabilities, new GateSettings(Resamples: 500), "m.mlproj", diagnostics);
        Assert.False(diagnostics.HasErrors, string.Join("\n", diagnostics.Items));
        Assert.All(failing, v => Assert.Equal(GateOutcome.Failed, v.Outcome));
        var equal = GateEvaluator.Evaluate(ModelTask.MulticlassClassification, gates, Labels, Probabilities, Probabilities, new GateSettings(Resamples: 500), "m.mlproj", diagnostics);
        Assert.All(equal, v => Assert.Equal(GateOutcome.Passed, v.Outcome));
    }

    /// <summary>The same probability rows given to the wrong rows: a model that knows nothing.</summary>
    private static double[] Shuffled(double[] probabilities, int seed)
    {
        var k = probabilities.Length / Labels.Length;
        var order = Enumerable.Range(0, Labels.Length).OrderBy(i => (i * 7919 + seed * 104729) % 1009).ToArray();
        return order.SelectMany(i => probabilities.AsSpan(i * k, k).ToArray()).ToArray();
    }
}
