using MLOps.Engine.Metrics;
using MLOps.Engine.Vocabulary;
using Xunit;

namespace MLOps.Engine.Tests;

public class MulticlassAndRegressionMetricsTests
{
    [Fact]
    public void Regression_metrics_on_a_constant_label_name_r2_and_explained_variance_undefined()
    {
        double[] targets = [3, 3, 3];
        var values = MetricRegistry.Compute(ModelTask.Regression, targets, [2.5, 3, 3.5]);

        var reasons = UndefinedMetrics.Reasons(values, ModelTask.Regression, targets, []);

        Assert.Equal(["explained_variance", "r2"], reasons.Keys);
        Assert.All(reasons.Values, r => Assert.Equal("the label has the same value in every evaluation row", r));
        Assert.Equal(0.5 / 3, values["mse"], 12);
    }

    [Fact]
    public void Metrics_of_no_rows_are_all_undefined_not_an_exception()
    {
        foreach (var task in ModelTasks.All)
        {
            var values = MetricRegistry.Compute(task, [], []);

            Assert.Equal(MetricRegistry.Names(task).Order(StringComparer.Ordinal), values.Keys);
            Assert.All(UndefinedMetrics.Reasons(values, task, [], ["a", "b"]).Values, r => Assert.Equal("there are no evaluation rows", r));
        }
    }

    [Fact]
    public void Multiclass_metrics_equal_scikit_learn()
    {
        var oracle = Fixtures.Oracle("multiclass_metrics");
        var labels = oracle.GetProperty("y_true").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        var rows = oracle.GetProperty("proba").EnumerateArray().Select(r => r.Doubles()).ToArray();
        var classes = rows[0].Length;
        var probabilities = rows.SelectMany(r => r).ToArray();
        var expected = oracle.GetProperty("expected");

        var all = MetricRegistry.Compute(ModelTask.MulticlassClassification, labels.Select(l => (double)l).ToArray(), probabilities);

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

        var all = MetricRegistry.Compute(ModelTask.Regression, oracle.GetProperty("y_true").Doubles(), oracle.GetProperty("prediction").Doubles());

        Assert.Equal(6, all.Count);
        foreach (var (name, value) in all)
            Assert.True(Math.Abs(expected.GetProperty(name).GetDouble() - value) <= 1e-9 * Math.Max(1, Math.Abs(value)), $"{name}: expected {expected.GetProperty(name).GetDouble()}, got {value}");
    }
}
