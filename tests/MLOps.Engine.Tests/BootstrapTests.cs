using MLOps.Engine.Metrics;
using MLOps.Engine.Statistics;
using Xunit;

namespace MLOps.Engine.Tests;

public class BootstrapTests
{
    private static readonly double[] Y = Fixtures.Oracle("binary_metrics").GetProperty("y_true").Doubles();
    private static readonly double[] A = Fixtures.Oracle("binary_metrics").GetProperty("score_a").Doubles();
    private static readonly double[] B = Fixtures.Oracle("binary_metrics").GetProperty("score_b").Doubles();

    [Theory]
    [InlineData("auc")]
    [InlineData("average_precision")]
    [InlineData("log_loss")]
    [InlineData("brier")]
    [InlineData("accuracy")]
    [InlineData("f1")]
    [InlineData("mcc")]
    public void Weighted_metric_with_unit_weights_equals_the_metric(string name)
    {
        var ones = Enumerable.Repeat(1, Y.Length).ToArray();

        var weighted = WeightedMetric.Binary(name, Y, A)!.Evaluate(ones);

        Assert.Equal(BinaryMetrics.All(Y, A)[name], weighted, 1e-12);
    }

    [Fact]
    public void Weights_count_rows_as_if_repeated()
    {
        var weights = Enumerable.Range(0, Y.Length).Select(i => i % 3).ToArray();
        var repeated = Enumerable.Range(0, Y.Length).SelectMany(i => Enumerable.Repeat(i, weights[i])).ToArray();

        var weighted = WeightedMetric.Binary("auc", Y, A)!.Evaluate(weights);

        Assert.Equal(BinaryMetrics.Auc(repeated.Select(i => Y[i]).ToArray(), repeated.Select(i => A[i]).ToArray()), weighted, 1e-12);
    }

    [Fact]
    public void Same_seed_gives_the_same_distribution_whatever_the_threads()
    {
        var first = PairedBootstrap.Run(WeightedMetric.Binary("auc", Y, A)!, WeightedMetric.Binary("auc", Y, B)!, Y.Length, 500, seed: 7);
        var second = PairedBootstrap.Run(WeightedMetric.Binary("auc", Y, A)!, WeightedMetric.Binary("auc", Y, B)!, Y.Length, 500, seed: 7);

        Assert.Equal(first.Differences, second.Differences);
    }

    [Fact]
    public void Bootstrap_interval_of_the_auc_difference_agrees_with_DeLong()
    {
        var delong = PairedTests.DeLong(Y, A, B);
        var bootstrap = PairedBootstrap.Run(WeightedMetric.Binary("auc", Y, A)!, WeightedMetric.Binary("auc", Y, B)!, Y.Length, 2000, seed: 1);

        var se = Math.Sqrt(delong.VarianceOfDifference);
        Assert.Equal(delong.AucA - delong.AucB, bootstrap.Observed, 1e-12);
        // Two estimates of one sampling distribution: bounds within a third of a standard error.
        Assert.InRange(bootstrap.Quantile(0.025), bootstrap.Observed - 1.96 * se - se / 3, bootstrap.Observed - 1.96 * se + se / 3);
        Assert.InRange(bootstrap.Quantile(0.975), bootstrap.Observed + 1.96 * se - se / 3, bootstrap.Observed + 1.96 * se + se / 3);
    }
}
