using MLOps.Engine.Metrics;
using MLOps.Engine.Vocabulary;
using Xunit;

namespace MLOps.Engine.Tests;

public class BinaryMetricsTests
{
    [Theory]
    [InlineData("score_a", "expected_a")]
    [InlineData("score_b", "expected_b")]
    public void Metrics_equal_scikit_learn(string scores, string expected)
    {
        var oracle = Fixtures.Oracle("binary_metrics");
        var y = oracle.GetProperty("y_true").Doubles();
        var s = oracle.GetProperty(scores).Doubles();
        var e = oracle.GetProperty(expected);

        var all = MetricRegistry.Compute(ModelTask.BinaryClassification, y, s);

        Assert.Equal(e.GetProperty("roc_auc").GetDouble(), all["auc"], 1e-9);
        foreach (var name in new[] { "average_precision", "log_loss", "brier", "accuracy", "precision", "recall", "f1", "balanced_accuracy", "mcc" })
            Assert.True(Math.Abs(e.GetProperty(name).GetDouble() - all[name]) <= 1e-9, $"{name}: expected {e.GetProperty(name).GetDouble()}, got {all[name]}");
    }

    [Fact]
    public void Auc_counts_tied_scores_as_one_half()
    {
        var oracle = Fixtures.Oracle("auc_with_ties");
        var auc = BinaryMetrics.Auc(oracle.GetProperty("y_true").Doubles(), oracle.GetProperty("score").Doubles());
        Assert.Equal(oracle.GetProperty("roc_auc").GetDouble(), auc, 1e-9);
    }

    [Fact]
    public void Auc_of_all_tied_scores_is_one_half()
    {
        Assert.Equal(0.5, BinaryMetrics.Auc([0, 1, 0, 1], [0.3, 0.3, 0.3, 0.3]), 1e-12);
    }

    [Fact]
    public void Auc_is_undefined_with_one_class()
    {
        Assert.True(double.IsNaN(BinaryMetrics.Auc([1, 1], [0.2, 0.9])));
    }
}
