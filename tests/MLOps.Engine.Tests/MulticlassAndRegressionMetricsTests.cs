using MLOps.Engine.Metrics;
using Xunit;

namespace MLOps.Engine.Tests;

public class MulticlassAndRegressionMetricsTests
{
    [Fact]
    public void Multiclass_metrics_equal_scikit_learn()
    {
        var oracle = Fixtures.Oracle("multiclass_metrics");
        var labels = oracle.GetProperty("y_true").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        var rows = oracle.GetProperty("proba").EnumerateArray().Select(r => r.Doubles()).ToArray();
        var classes = rows[0].Length;
        var probabilities = rows.SelectMany(r => r).ToArray();
        var expected = oracle.GetProperty("expected");

        var all = MulticlassMetrics.All(labels, probabilities, classes);

        foreach (var (name, value) in all)
            Assert.True(Math.Abs(expected.GetProperty(name).GetDouble() - value) <= 1e-9, $"{name}: expected {expected.GetProperty(name).GetDouble()}, got {value}");
        var confusion = MulticlassMetrics.Confusion(labels, probabilities, classes);
        var expectedConfusion = expected.GetProperty("confusion_matrix").EnumerateArray().Select(r => r.EnumerateArray().Select(e => e.GetInt64()).ToArray()).ToArray();
        for (var i = 0; i < classes; i++)
            for (var j = 0; j < classes; j++)
                Assert.Equal(expectedConfusion[i][j], confusion[i, j]);
    }

    [Fact]
    public void Regression_metrics_equal_scikit_learn()
    {
        var oracle = Fixtures.Oracle("regression_metrics");
        var expected = oracle.GetProperty("expected");

        var all = RegressionMetrics.All(oracle.GetProperty("y_true").Doubles(), oracle.GetProperty("prediction").Doubles());

        Assert.Equal(6, all.Count);
        foreach (var (name, value) in all)
            Assert.True(Math.Abs(expected.GetProperty(name).GetDouble() - value) <= 1e-9 * Math.Max(1, Math.Abs(value)), $"{name}: expected {expected.GetProperty(name).GetDouble()}, got {value}");
    }
}
