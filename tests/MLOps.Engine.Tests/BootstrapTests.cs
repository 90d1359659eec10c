using MLOps.Engine.Metrics;
using MLOps.Engine.Statistics;
using MLOps.Engine.Vocabulary;
using Xunit;

namespace MLOps.Engine.Tests;

public class BootstrapTests
{
    private static readonly double[] Y = Fixtures.Oracle("binary_metrics").GetProperty("y_true").Doubles();
    private static readonly double[] A = Fixtures.Oracle("binary_metrics").GetProperty("score_a").Doubles();
    private static readonly double[] B = Fixtures.Oracle("binary_metrics").GetProperty("score_b").Doubles();

    /// <summary>Row i counts i % 3 times.</summary>
    private readonly struct ModuloThree : IRowWeights
    {
        public int Of(int row) => row % 3;
    }

    [Theory]
    [InlineData("auc")]
    [InlineData("average_precision")]
    [InlineData("log_loss")]
    [InlineData("brier")]
    [InlineData("accuracy")]
    [InlineData("f1")]
    [InlineData("mcc")]
    public void Unit_weights_give_the_metric_difference(string name)
    {
        var difference = PairedMetric.For(ModelTask.BinaryClassification, name, Y, A, B)!.Difference(new UnitWeights());

        Assert.Equal(MetricRegistry.Compute(ModelTask.BinaryClassification, Y, A)[name] - MetricRegistry.Compute(ModelTask.BinaryClassification, Y, B)[name], difference, 1e-12);
    }

    [Theory]
    [InlineData("auc")]
    [InlineData("average_precision")]
    [InlineData("log_loss")]
    [InlineData("precision")]
    public void Weights_count_rows_as_if_repeated(string name)
    {
        var repeated = Enumerable.Range(0, Y.Length).SelectMany(i => Enumerable.Repeat(i, i % 3)).ToArray();
        double[] Pick(double[] v) => repeated.Select(i => v[i]).ToArray();

        var weighted = PairedMetric.For(ModelTask.BinaryClassification, name, Y, A, B)!.Difference(new ModuloThree());

        Assert.Equal(MetricRegistry.Compute(ModelTask.BinaryClassification, Pick(Y), Pick(A))[name] - MetricRegistry.Compute(ModelTask.BinaryClassification, Pick(Y), Pick(B))[name], weighted, 1e-12);
    }

    /// <summary>Labels (30% positive) and two models' continuous scores, without ties.</summary>
    private static (double[] Y, double[] A, double[] B) ContinuousScores(int rows, int seed)
    {
        var random = new Random(seed);
        var y = Enumerable.Range(0, rows).Select(_ => random.NextDouble() < 0.3 ? 1.0 : 0).ToArray();
        var a = y.Select(v => Math.Clamp(0.3 * v + random.NextDouble() * 0.7, 1e-6, 1 - 1e-6)).ToArray();
        var b = y.Select(v => Math.Clamp(0.2 * v + random.NextDouble() * 0.8, 1e-6, 1 - 1e-6)).ToArray();
        return (y, a, b);
    }

    [Theory]
    [InlineData("auc")]
    [InlineData("log_loss")]
    [InlineData("accuracy")]
    public void Fast_resamples_equal_the_generic_weighted_evaluation(string name)
    {
        // Continuous scores without ties, so the AUC takes its fast scan; accuracy draws per cell, so only its spread is comparable.
        var (y, a, b) = ContinuousScores(5003, seed: 3);
        var metric = PairedMetric.For(ModelTask.BinaryClassification, name, y, a, b)!;
        if (name == "accuracy") return;

        foreach (var key in new ulong[] { 1, 0xDEADBEEF, ulong.MaxValue })
            Assert.Equal(metric.Difference(new PoissonWeights(key)), metric.Resample(key), 1e-12);
        var keys = Enumerable.Range(0, PoissonBlocks.Lanes).Select(k => (ulong)k * 0x9E3779B97F4A7C15UL + 5).ToArray();
        var lanes = new double[keys.Length];
        metric.ResampleLanes(keys, lanes);
        for (var k = 0; k < keys.Length; k++) Assert.Equal(metric.Resample(keys[k]), lanes[k], 1e-12);
    }

    [Theory]
    [InlineData("auc")]
    [InlineData("log_loss")]
    [InlineData("brier")]
    [InlineData("accuracy")]
    [InlineData("f1")]
    [InlineData("average_precision")]
    public void One_pass_jackknife_equals_one_evaluation_per_group(string name)
    {
        var (y, a, b) = ContinuousScores(3001, seed: 4);
        foreach (var groups in new[] { 1, 7, 200 })
        {
            var metric = PairedMetric.For(ModelTask.BinaryClassification, name, y, a, b)!;
            var perGroup = Enumerable.Range(0, groups).Select(g => metric.Difference(new OmitGroup(g, groups))).ToArray();
            var onePass = metric.Jackknife(groups);
            for (var g = 0; g < groups; g++) Assert.Equal(perGroup[g], onePass[g], 1e-13);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(200)]
    public void A_jackknife_group_is_the_rows_with_that_remainder(int groups)
    {
        var rows = Enumerable.Range(0, 5000).Concat([int.MaxValue, int.MaxValue - 1, 1 << 30, 999_999_937]).ToArray();
        for (var group = 0; group < groups; group++)
        {
            var omit = new OmitGroup(group, groups);
            Assert.All(rows, row => Assert.Equal(row % groups == group ? 0 : 1, omit.Of(row)));
        }
    }

    [Fact]
    public void Vectorized_Poisson_weights_equal_the_scalar_ones()
    {
        var poisson = new PoissonWeights(987654321);
        var rows = Enumerable.Range(0, 1003).Select(i => (i * 7919) % 100_000).ToArray();
        var sequential = new int[1003];
        var ofRows = new int[1003];

        PoissonBlocks.Sequential(poisson, 500, sequential);
        PoissonBlocks.Of(poisson, rows, ofRows);

        Assert.Equal(Enumerable.Range(500, 1003).Select(poisson.Of), sequential);
        Assert.Equal(rows.Select(poisson.Of), ofRows);
    }

    [Fact]
    public void Poisson_weights_have_mean_and_variance_one()
    {
        var weights = new PoissonWeights(12345);
        var values = Enumerable.Range(0, 1_000_000).Select(weights.Of).ToArray();

        Assert.Equal(1.0, values.Average(), 0.005);
        Assert.Equal(1.0, values.Select(v => (v - 1.0) * (v - 1.0)).Average(), 0.01);
    }

    [Fact]
    public void Same_seed_gives_the_same_distribution()
    {
        var first = PairedBootstrap.Run(PairedMetric.For(ModelTask.BinaryClassification, "auc", Y, A, B)!, Y.Length, 500, seed: 7);
        var second = PairedBootstrap.Run(PairedMetric.For(ModelTask.BinaryClassification, "auc", Y, A, B)!, Y.Length, 500, seed: 7);

        Assert.Equal(first.Differences, second.Differences);
    }

    [Theory]
    [InlineData("auc")]
    [InlineData("accuracy")] // drawn per confusion cell rather than per row
    public void Bootstrap_spread_agrees_with_the_closed_form_standard_error(string name)
    {
        var bootstrap = PairedBootstrap.Run(PairedMetric.For(ModelTask.BinaryClassification, name, Y, A, B)!, Y.Length, 4000, seed: 1);
        var se = name == "auc" ? Math.Sqrt(PairedTests.DeLong(Y, A, B).VarianceOfDifference) : AccuracyDifferenceStandardError();

        var spread = (bootstrap.Quantile(0.975, bca: false) - bootstrap.Quantile(0.025, bca: false)) / (2 * 1.96);

        Assert.InRange(spread, 0.85 * se, 1.15 * se);
    }

    private static double AccuracyDifferenceStandardError()
    {
        var d = Y.Select((y, i) => ((A[i] >= 0.5) == (y == 1) ? 1.0 : 0) - ((B[i] >= 0.5) == (y == 1) ? 1.0 : 0)).ToArray();
        var mean = d.Average();
        return Math.Sqrt(d.Sum(x => (x - mean) * (x - mean)) / (d.Length - 1) / d.Length);
    }
}
