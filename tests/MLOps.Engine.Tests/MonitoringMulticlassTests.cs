using MLOps.Engine.Metrics;
using MLOps.Engine.Monitoring;
using MLOps.Engine.Vocabulary;
using Xunit;

namespace MLOps.Engine.Tests;

/// <summary>Label-free estimation for multiclass models and the fixed-size score summary (issue 20).</summary>
public class MonitoringMulticlassTests
{
    private const int Classes = 3;
    private static readonly double[,] Weights = { { 1.5, -0.5 }, { -1.0, 1.2 }, { -0.5, -0.7 } };

    /// <summary>Rows of a calibrated 3-class model (its probabilities are the labels' true ones), inputs shifted by <paramref name="shift"/>.</summary>
    private static (double[] Probabilities, double[] Labels) Draw(int rows, int seed, double shift = 0)
    {
        var random = new Random(seed);
        var probabilities = new double[rows * Classes];
        var labels = new double[rows];
        Span<double> z = stackalloc double[Classes];
        for (var i = 0; i < rows; i++)
        {
            double x0 = Normal(random) + shift, x1 = Normal(random) - shift / 2, total = 0;
            for (var k = 0; k < Classes; k++) total += z[k] = Math.Exp(Weights[k, 0] * x0 + Weights[k, 1] * x1);
            var (u, label) = (random.NextDouble(), Classes - 1);
            for (var k = 0; k < Classes; k++)
            {
                probabilities[i * Classes + k] = z[k] / total;
                if (label == Classes - 1 && (u -= z[k] / total) < 0) label = k;
            }
            labels[i] = label;
        }
        return (probabilities, labels);
    }

    /// <summary>The reference as a package's profile holds it: per class, rows, positives and mean probability on 20 probability bins.</summary>
    private static MonitorReference Reference(double[] probabilities, double[] labels)
    {
        var tables = Enumerable.Range(0, Classes).Select(k =>
        {
            var (rows, positives, sums) = (new long[20], new long[20], new double[20]);
            for (var i = 0; i < labels.Length; i++)
            {
                var p = probabilities[i * Classes + k];
                var b = Math.Min((int)(p * 20), 19);
                (rows[b], sums[b]) = (rows[b] + 1, sums[b] + p);
                if (labels[i] == k) positives[b]++;
            }
            return (IReadOnlyList<CalibrationBin>)Enumerable.Range(0, 20).Select(b => new CalibrationBin(rows[b] > 0 ? sums[b] / rows[b] : (b + 0.5) / 20, rows[b], positives[b])).ToArray();
        }).ToArray();
        var metrics = MetricRegistry.Compute(ModelTask.MulticlassClassification, labels, probabilities);
        return new MonitorReference("Multiclass", ModelTask.MulticlassClassification, labels.Length, [], null, [], metrics) { Classes = tables };
    }

    private static CurrentChunk Current(MonitorReference reference, double[] probabilities, double[] labels, string label = "all") =>
        new(label, new CurrentData(labels.Length, new Dictionary<string, BinCounts>(), null, ScoreSummary.Of(ClassifierCalibration.Of(reference)!, probabilities)), labels, probabilities);

    [Fact]
    public void Under_covariate_shift_the_bands_of_a_calibrated_3_class_model_contain_the_realized_accuracy_and_macro_AUC_at_about_their_level()
    {
        // A 95% band misses now and then by design: over 20 seeds it must hold the realized value at least 17 times
        // (accuracy) and 16 times (macro AUC, whose band treats the classes' labels as independent); 40 seeds measured 39 and 37.
        int accuracyHits = 0, aucHits = 0;
        double estimated = 0, realizedMean = 0, referenceMean = 0;
        for (var seed = 0; seed < 20; seed++)
        {
            var (p, y) = Draw(6000, 1000 + seed);
            var reference = Reference(p, y);
            var (current, truth) = Draw(5000, 2000 + seed, shift: 0.8);

            var result = MonitorRun.Run(reference, [Current(reference, current, truth)], new MonitorSettings { Resamples = 200 });

            Assert.Null(result.Estimate.NotPossible);
            var realized = MetricRegistry.Compute(ModelTask.MulticlassClassification, truth, current);
            var accuracy = Assert.Single(result.Estimate.Metrics, m => m.Metric == "accuracy");
            var auc = Assert.Single(result.Estimate.Metrics, m => m.Metric == "macro_auc_ovr");
            accuracyHits += realized["accuracy"] >= accuracy.Lower && realized["accuracy"] <= accuracy.Upper ? 1 : 0;
            aucHits += realized["macro_auc_ovr"] >= auc.Lower && realized["macro_auc_ovr"] <= auc.Upper ? 1 : 0;
            Assert.True(accuracy.Upper - accuracy.Lower < 0.05, $"band {accuracy.Lower:0.000}–{accuracy.Upper:0.000} is too wide to be useful");
            Assert.Equal(reference.Metrics["accuracy"], accuracy.Reference);
            (estimated, realizedMean, referenceMean) = (estimated + accuracy.Estimate, realizedMean + realized["accuracy"], referenceMean + reference.Metrics["accuracy"]);
        }
        Assert.True(accuracyHits >= 17, $"accuracy band held the realized value {accuracyHits} times in 20");
        Assert.True(aucHits >= 16, $"macro AUC band held the realized value {aucHits} times in 20");
        // The shift raises accuracy by about five points; the estimate follows it to within half a point on average.
        Assert.True(realizedMean - referenceMean > 0.8, $"the shift moved accuracy by {(realizedMean - referenceMean) / 20:0.000}");
        Assert.InRange((estimated - realizedMean) / 20, -0.005, 0.005);
    }

    [Fact]
    public void Chunks_follow_the_estimated_accuracy_and_a_concept_change_falls_below_it()
    {
        var (p, y) = Draw(6000, 21);
        var reference = Reference(p, y);
        var (day1, truth1) = Draw(3000, 22);
        var (day2, truth2) = Draw(3000, 23);
        // Concept drift: the labels of day 2 are rotated, the inputs (and so the estimate) are not.
        var rotated = truth2.Select((l, i) => i % 2 == 0 ? (l + 1) % Classes : l).ToArray();

        var result = MonitorRun.Run(reference, [Current(reference, day1, truth1, "day 1"), Current(reference, day2, rotated, "day 2")], new MonitorSettings());

        Assert.All(result.Chunks, c => Assert.Equal("accuracy", c.Metric));
        Assert.InRange(result.Chunks[0].Realized!.Value, result.Chunks[0].Lower!.Value, result.Chunks[0].Upper!.Value);
        Assert.True(result.Chunks[1].Realized < result.Chunks[1].Lower, "the concept-drifted day's realized accuracy falls below its estimate");
        Assert.Equal(MonitorVerdict.Degraded, result.Verdict);
    }

    [Fact]
    public void Reports_show_the_multiclass_estimate_with_its_assumptions()
    {
        var (p, y) = Draw(3000, 31);
        var reference = Reference(p, y);
        var (current, truth) = Draw(2000, 32, shift: 0.5);
        var result = MonitorRun.Run(reference, [Current(reference, current, truth)], new MonitorSettings { Resamples = 100 });

        var markdown = MonitorMarkdown.Render(result);
        Assert.Contains("| macro_auc_ovr |", markdown);
        Assert.Contains("| accuracy |", markdown);
        Assert.Contains("calibrated one against the rest", markdown);
        Assert.Contains("\"metric\": \"macro_auc_ovr\"", MonitorJson.Render(result));
        Assert.Contains("<td>macro_auc_ovr</td>", MonitorHtml.Render(result));
    }

    [Fact]
    public void Without_row_probabilities_a_multiclass_estimate_says_why()
    {
        var (p, y) = Draw(2000, 41);
        var reference = Reference(p, y);

        var estimate = PerformanceEstimation.Estimate(reference, null, new MonitorSettings());

        Assert.Empty(estimate.Metrics);
        Assert.Contains("scoring profile keeps each class's probabilities apart", estimate.NotPossible);
    }

    [Fact]
    public void The_summary_estimate_is_within_its_stated_bound_of_the_exact_per_row_computation()
    {
        var reference = MonitoringScenario.Draw(5000, 51).Reference();
        var current = MonitoringScenario.Draw(50_000, 52, shift: [0.5, 0, 0, 0]);
        var calibration = ClassifierCalibration.Of(reference)!;
        var summary = ScoreSummary.Of(calibration, current.Scores);

        var estimate = PerformanceEstimation.Estimate(reference, summary, new MonitorSettings { Resamples = 20 });

        // Exact: every row its own calibrated probability, ranked by its own score (no two scores tie here).
        var q = current.Scores.Select(calibration.Maps[0].Probability).ToArray();
        var order = Enumerable.Range(0, q.Length).OrderByDescending(i => current.Scores[i]).ToArray();
        double above = 0, pairs = 0, negatives = 0, correct = 0;
        foreach (var i in order)
        {
            pairs += (1 - q[i]) * above;
            (above, negatives) = (above + q[i], negatives + 1 - q[i]);
            correct += current.Scores[i] >= BinaryMetrics.Threshold ? q[i] : 1 - q[i];
        }
        var auc = Assert.Single(estimate.Metrics, m => m.Metric == "auc").Estimate;
        Assert.InRange(Math.Abs(auc - pairs / (above * negatives)), 0, summary.AucTieBound(0));
        Assert.InRange(Math.Abs(Assert.Single(estimate.Metrics, m => m.Metric == "accuracy").Estimate - correct / q.Length), 0, 1e-8);
        Assert.True(summary.AucTieBound(0) < 1e-3, $"bound {summary.AucTieBound(0)}");
    }

    [Fact]
    public void A_long_stream_allocates_nothing_per_row_and_the_summary_keeps_its_size()
    {
        var (p, y) = Draw(4096, 61);
        var summary = new ScoreSummary(ClassifierCalibration.Of(Reference(p, y))!);
        summary.Add(p.AsSpan(0, Classes)); // warm up

        long Allocated(int rows)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var r = 0; r < rows; r++) summary.Add(p.AsSpan(r % 4096 * Classes, Classes));
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }

        var few = Allocated(10_000);
        var many = Allocated(2_000_000);
        Assert.Equal(0, few);
        Assert.Equal(0, many);
        Assert.Equal(2_010_001, summary.Rows);
        // Parts of a chunk add up in place: the chunk holds one summary of 2K tracks × 1,024 bins however many rows.
        Assert.Equal(2 * Classes, summary.Plus(summary).Tracks);
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
