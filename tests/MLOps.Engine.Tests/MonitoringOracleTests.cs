using System.Text.Json;
using MLOps.Engine.Monitoring;
using MLOps.Engine.Vocabulary;
using Xunit;

namespace MLOps.Engine.Tests;

/// <summary>Monitoring's statistics against eng/oracles/monitor_oracle.py (scipy 1.10.1, scikit-learn 1.2.1), fixtures in tests/fixtures/monitor.</summary>
public class MonitoringOracleTests
{
    private static readonly JsonElement Oracle = JsonDocument.Parse(File.ReadAllBytes(Fixtures.Path("monitor/monitor_oracle.json"))).RootElement;

    private static void Close(double expected, double actual, double relative, string what) =>
        Assert.True(Math.Abs(expected - actual) <= relative * Math.Abs(expected) + 1e-300, $"{what}: expected {expected:R}, got {actual:R}");

    private static long[] Longs(JsonElement array) => array.EnumerateArray().Select(e => e.GetInt64()).ToArray();

    [Fact]
    public void Drift_checks_and_Holm_equal_scipy()
    {
        var columns = Oracle.GetProperty("drift").GetProperty("columns").EnumerateArray().Select(c =>
        {
            var bins = c.TryGetProperty("edges", out var edges)
                ? ColumnBins.Numbers(c.GetProperty("name").GetString()!, edges.Doubles())
                : ColumnBins.Categories(c.GetProperty("name").GetString()!, c.GetProperty("levels").EnumerateArray().Select(l => l.GetString()!).ToArray());
            return (Reference: new ReferenceColumn(bins, BinCounts.Of(Longs(c.GetProperty("reference")), c.GetProperty("referenceMissing").GetInt64())),
                Current: BinCounts.Of(Longs(c.GetProperty("current")), c.GetProperty("currentMissing").GetInt64()));
        }).ToArray();
        var reference = new MonitorReference("Oracle", ModelTask.BinaryClassification, 5000, columns.Select(c => c.Reference).ToArray(), null, [], new Dictionary<string, double>());
        var current = new CurrentData(20000, columns.ToDictionary(c => c.Reference.Bins.Name, c => c.Current), null, null);

        var checks = DataDrift.Compare(reference, current, new MonitorSettings());

        var expected = Oracle.GetProperty("drift").GetProperty("checks").EnumerateArray().ToArray();
        Assert.Equal(expected.Length, checks.Count);
        foreach (var (e, check) in expected.Zip(checks))
        {
            var what = $"{check.Column} {check.Aspect}";
            Assert.Equal(e.GetProperty("column").GetString(), check.Column);
            Close(e.GetProperty("statistic").GetDouble(), check.Statistic, 1e-9, what + " statistic");
            Close(e.GetProperty("pValue").GetDouble(), check.PValue, 1e-6, what + " p");
            Close(e.GetProperty("adjustedPValue").GetDouble(), check.AdjustedPValue, 1e-6, what + " Holm");
            Close(e.GetProperty("effect").GetDouble(), check.Effect, 1e-9, what + " effect");
        }
        // "shifted" is significant but below the PSI threshold; the 3.5-point missing-rate change is below 5 points.
        Assert.Equal([("scaled", DriftAspect.Distribution), ("region", DriftAspect.Distribution)], checks.Where(c => c.Drifted).Select(c => (c.Column, c.Aspect)).ToArray());
    }

    [Fact]
    public void CBPE_equals_the_reference_written_from_the_published_method_within_the_histograms_bound()
    {
        var cbpe = Oracle.GetProperty("cbpe");
        var reference = new MonitorReference("Oracle", ModelTask.BinaryClassification, 5000, [], null, Table(cbpe.GetProperty("calibration")), new Dictionary<string, double>());
        var scores = ScoreSummary.Of(ClassifierCalibration.Of(reference)!, cbpe.GetProperty("scores").Doubles());

        var estimate = PerformanceEstimation.Estimate(reference, scores, new MonitorSettings { Resamples = 50 });

        foreach (var metric in PerformanceEstimation.Estimated)
        {
            var value = Assert.Single(estimate.Metrics, m => m.Metric == metric);
            // Confusion counts are exact up to the 2^-32 fixed point; AUC is off by at most the bins' ties.
            var bound = metric == "auc" ? scores.AucTieBound(0) : 1e-8;
            Within(cbpe.GetProperty("expected").GetProperty(metric).GetDouble(), value.Estimate, bound, metric);
            Assert.InRange(value.Estimate, value.Lower, value.Upper);
        }
        Assert.InRange(scores.AucTieBound(0), 1e-6, 2e-3);
    }

    [Fact]
    public void Multiclass_CBPE_equals_the_reference_written_from_the_published_method_within_the_histograms_bound()
    {
        var oracle = JsonDocument.Parse(File.ReadAllBytes(Fixtures.Path("monitor/cbpe_multiclass.json"))).RootElement;
        var tables = oracle.GetProperty("calibration").EnumerateArray().Select(t => (IReadOnlyList<CalibrationBin>)Table(t)).ToArray();
        var reference = new MonitorReference("Oracle", ModelTask.MulticlassClassification, 6000, [], null, [], new Dictionary<string, double>()) { Classes = tables };
        var probabilities = oracle.GetProperty("probabilities").EnumerateArray().SelectMany(r => r.Doubles()).ToArray();
        var scores = ScoreSummary.Of(ClassifierCalibration.Of(reference)!, probabilities);

        var estimate = PerformanceEstimation.Estimate(reference, scores, new MonitorSettings { Resamples = 200 });

        var expected = oracle.GetProperty("expected");
        var accuracy = Assert.Single(estimate.Metrics, m => m.Metric == "accuracy");
        Within(expected.GetProperty("accuracy").GetDouble(), accuracy.Estimate, 1e-8, "accuracy");
        var auc = Assert.Single(estimate.Metrics, m => m.Metric == "macro_auc_ovr");
        // The macro mean is off by at most the mean of the classes' bounds.
        var bound = Enumerable.Range(0, 3).Average(scores.AucTieBound);
        Within(expected.GetProperty("macro_auc_ovr").GetDouble(), auc.Estimate, bound, "macro AUC");
        Assert.InRange(bound, 1e-6, 5e-3);
        // The oracle's rows have labels drawn from the true model: the band holds the realized accuracy.
        Assert.InRange(oracle.GetProperty("realized").GetProperty("accuracy").GetDouble(), accuracy.Lower, accuracy.Upper);
    }

    private static CalibrationBin[] Table(JsonElement bins) => bins.EnumerateArray()
        .Select(t => new CalibrationBin(t.GetProperty("meanScore").GetDouble(), t.GetProperty("rows").GetInt64(), t.GetProperty("positives").GetInt64())).ToArray();

    private static void Within(double expected, double actual, double bound, string what) =>
        Assert.True(Math.Abs(expected - actual) <= bound + 1e-12, $"{what}: expected {expected:R} ± {bound:G3}, got {actual:R}");
}
