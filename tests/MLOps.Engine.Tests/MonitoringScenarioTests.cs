using MLOps.Engine.Metrics;
using MLOps.Engine.Monitoring;
using MLOps.Engine.Vocabulary;
using Xunit;

namespace MLOps.Engine.Tests;

/// <summary>Monitoring on synthetic data with known answers (issue 20, "Tests").</summary>
public class MonitoringScenarioTests
{
    private static readonly MonitorSettings Settings = new();

    [Fact]
    public void Unchanged_data_is_healthy_and_false_alarms_stay_under_the_nominal_level_over_100_seeds()
    {
        var alarms = 0;
        for (var seed = 0; seed < 100; seed++)
        {
            var reference = MonitoringScenario.Draw(4000, 1000 + seed).Reference();
            var current = MonitoringScenario.Draw(4000, 5000 + seed).Current(reference);
            var result = MonitorRun.Run(reference, [current], Settings with { Resamples = 50 });
            Assert.NotEqual(MonitorVerdict.Degraded, result.Verdict);
            if (result.Verdict != MonitorVerdict.Healthy) alarms++;
        }
        Assert.True(alarms <= 5, $"{alarms} false alarms in 100 runs at alpha 0.05");
    }

    [Fact]
    public void Covariate_shift_in_two_columns_flags_exactly_those()
    {
        var reference = MonitoringScenario.Draw(5000, 1).Reference();
        var current = MonitoringScenario.Draw(20000, 2, shift: [0, 0.6, 0, -0.7]).Current(reference);

        var result = MonitorRun.Run(reference, [current], Settings);

        Assert.Equal(["x1", "x3"], result.Drift.Where(d => d.Drifted && d.Aspect == DriftAspect.Distribution).Select(d => d.Column).ToArray());
        // x1 moves the scores too, so the estimate may also (rightly) say performance fell: either way not healthy.
        Assert.NotEqual(MonitorVerdict.Healthy, result.Verdict);
        Assert.Contains(result.Drift, d => d.Aspect == DriftAspect.Prediction && d.Drifted);
    }

    [Fact]
    public void A_million_rows_of_unchanged_data_do_not_alarm()
    {
        // Large n makes every p-value tiny for tiny differences; the effect-size threshold keeps it quiet.
        var reference = MonitoringScenario.Draw(5000, 3).Reference();
        var current = MonitoringScenario.Draw(200_000, 4).Current(reference);

        Assert.DoesNotContain(DataDrift.Compare(reference, current.Data, Settings), d => d.Drifted);
    }

    [Fact]
    public void Concept_drift_with_labels_is_realized_degradation()
    {
        var reference = MonitoringScenario.Draw(5000, 5).Reference();
        var current = MonitoringScenario.Draw(5000, 6, conceptDrift: true).Current(reference, labelled: true);

        var result = MonitorRun.Run(reference, [current], Settings);

        Assert.Equal(MonitorVerdict.Degraded, result.Verdict);
        var auc = Assert.Single(result.Realized!, m => m.Metric == "auc");
        Assert.True(auc.Degraded, $"AUC {auc.Current:0.000} vs {auc.Reference:0.000}, p = {auc.AdjustedPValue}");
        // Without labels nothing can see concept drift: the inputs did not move.
        Assert.Empty(result.Drifted);
    }

    [Fact]
    public void Labels_from_the_same_rule_are_not_a_degradation()
    {
        var reference = MonitoringScenario.Draw(5000, 7).Reference();
        var current = MonitoringScenario.Draw(5000, 8).Current(reference, labelled: true);

        var result = MonitorRun.Run(reference, [current], Settings);

        Assert.DoesNotContain(result.Realized!, m => m.Degraded);
        Assert.Equal(MonitorVerdict.Healthy, result.Verdict);
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    public void Under_covariate_shift_the_estimated_AUC_band_of_a_calibrated_model_contains_the_realized_AUC(int seed)
    {
        var reference = MonitoringScenario.Draw(5000, seed).Reference();
        var shifted = MonitoringScenario.Draw(5000, seed + 100, shift: [0.8, 0, 0, 0]);

        var result = MonitorRun.Run(reference, [shifted.Current(reference)], Settings);

        var auc = Assert.Single(result.Estimate.Metrics, m => m.Metric == "auc");
        var realized = BinaryMetrics.Auc(shifted.Labels, shifted.Scores);
        Assert.InRange(realized, auc.Lower, auc.Upper);
        Assert.True(auc.Upper - auc.Lower < 0.05, $"band {auc.Lower:0.000}–{auc.Upper:0.000} is too wide to be useful");
        var accuracy = Assert.Single(result.Estimate.Metrics, m => m.Metric == "accuracy");
        Assert.InRange(BinaryMetrics.Accuracy(shifted.Labels, shifted.Scores), accuracy.Lower, accuracy.Upper);
    }

    [Fact]
    public void A_regressor_gets_no_estimate_and_says_why()
    {
        var scenario = MonitoringScenario.Draw(2000, 21);
        var reference = scenario.Reference() with { Task = ModelTask.Regression };

        var result = MonitorRun.Run(reference, [scenario.Current(reference)], Settings);

        Assert.Empty(result.Estimate.Metrics);
        Assert.Contains("No estimate is possible for a regressor without labels", result.Estimate.NotPossible);
    }

    [Fact]
    public void Missing_values_and_new_categories_are_reported()
    {
        var reference = MonitoringScenario.Draw(5000, 31).Reference();
        var scenario = MonitoringScenario.Draw(5000, 32, missingX2: 0.2);
        var current = scenario.Current(reference);
        var category = reference.Columns.Single(c => c.Bins.Name == "c").Bins;
        var withNew = scenario.C.Select((v, i) => i % 5 == 0 ? "d" : v == "a" ? "b" : v);
        var columns = new Dictionary<string, BinCounts>(current.Data.Columns) { ["c"] = Binning.CountLevels(category, withNew) };

        var drift = DataDrift.Compare(reference, current.Data with { Columns = columns }, Settings);

        var missing = Assert.Single(drift, d => d.Aspect == DriftAspect.MissingRate);
        Assert.True(missing.Drifted);
        Assert.Equal("x2", missing.Column);
        Assert.InRange(missing.CurrentMissingRate, 0.18, 0.22);
        var c = Assert.Single(drift, d => d.Column == "c");
        Assert.True(c.Drifted);
        Assert.Equal(["d"], c.NewCategories);
        Assert.Equal(["a"], c.VanishedCategories);
    }

    [Fact]
    public void Chunks_report_the_estimate_and_realized_metric_each()
    {
        var reference = MonitoringScenario.Draw(5000, 41).Reference();
        var chunks = new[]
        {
            MonitoringScenario.Draw(3000, 42).Current(reference, labelled: true, label: "day 1"),
            MonitoringScenario.Draw(3000, 43, conceptDrift: true).Current(reference, labelled: true, label: "day 2"),
        };

        var result = MonitorRun.Run(reference, chunks, Settings);

        Assert.Equal(["day 1", "day 2"], result.Chunks.Select(c => c.Label).ToArray());
        Assert.All(result.Chunks, c => Assert.Equal("auc", c.Metric));
        Assert.InRange(result.Chunks[0].Realized!.Value, result.Chunks[0].Lower!.Value - 0.02, result.Chunks[0].Upper!.Value + 0.02);
        Assert.True(result.Chunks[1].Realized < result.Chunks[1].Lower, "the concept-drifted day's realized AUC falls below its estimate");
    }
}
