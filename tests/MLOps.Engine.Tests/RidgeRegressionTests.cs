using MLOps.Engine.Learners;
using Xunit;

namespace MLOps.Engine.Tests;

public class RidgeRegressionTests
{
    [Fact]
    public void Diabetes_fit_reaches_the_scikit_learn_optimum()
    {
        // oracles.json ridge_optimum: raw (unscaled) features, all 442 rows, alpha 1, intercept not penalized.
        var oracle = Fixtures.Oracle("ridge_optimum");
        var (table, diagnostics) = Fixtures.Load("diabetes.csv", "progression");
        Assert.False(diagnostics.HasErrors);
        var features = oracle.GetProperty("feature_order").EnumerateArray().Select(e => e.GetString()!).ToArray();
        var x = new double[table!.RowCount * features.Length];
        for (var r = 0; r < table.RowCount; r++)
            for (var j = 0; j < features.Length; j++) x[r * features.Length + j] = table.Find(features[j])!.Numbers![r];

        var fit = RidgeRegression.Fit(x, features.Length, table.Find("progression")!.Numbers!, l2: 1.0);

        var expected = oracle.GetProperty("coef").Doubles();
        for (var j = 0; j < expected.Length; j++)
            Assert.True(Math.Abs(expected[j] - fit.Weights[j]) <= 1e-5 * Math.Max(1, Math.Abs(expected[j])), $"{features[j]}: expected {expected[j]}, got {fit.Weights[j]}");
        Assert.Equal(oracle.GetProperty("intercept").GetDouble(), fit.Intercept, 1e-5);
    }
}
