using MLOps.Engine.Learners.Trees;
using Xunit;

namespace MLOps.Engine.Tests;

/// <summary>Binning for the tree learner: each value lands in the bin whose bounds enclose it.</summary>
public sealed class FeatureBinsTests
{
    [Theory]
    [InlineData(255, 5_000)] // more distinct values than bins: bounds at quantiles
    [InlineData(255, 40)]    // fewer: a bin per value
    [InlineData(16, 5_000)]
    [InlineData(2, 100)]     // two value bins: one cut at the median
    public void Every_value_lands_in_the_first_bin_whose_upper_bound_is_at_least_the_value(int maxBins, int distinct)
    {
        var random = new Random(7);
        var values = Enumerable.Range(0, 20_000).Select(i => i % 97 == 0 ? double.NaN : Math.Round(random.NextDouble() * distinct) - distinct / 2.0).ToArray();
        values[1] = double.PositiveInfinity;
        values[2] = double.NegativeInfinity;
        var bins = FeatureBins.Fit([values], maxBins, threads: 2);
        var bounds = bins.UpperBounds[0];
        Assert.InRange(bounds.Length, 1, maxBins);
        Assert.Equal(double.PositiveInfinity, bounds[^1]);
        for (var r = 0; r < values.Length; r++)
        {
            var v = values[r];
            var expected = double.IsNaN(v) ? 0 : 1 + Array.FindIndex(bounds, b => b >= v);
            Assert.True(expected == bins.Bins[0][r], $"value {v}: bin {bins.Bins[0][r]}, expected {expected}");
        }
        // Validation rows binned with the training bounds agree too.
        Assert.Equal(bins.Bins[0], bins.Apply([values]).Bins[0]);
    }

    [Fact]
    public void Bounds_are_scikit_learns_thresholds()
    {
        // Few distinct values: midpoints. Values from HistGradientBoosting's _find_binning_thresholds (scikit-learn 1.2.1).
        var few = FeatureBins.Fit([[3, 1, 2, 2, double.NaN, 10]], 255, 1).UpperBounds[0];
        Assert.Equal([1.5, 2.5, 6.5, double.PositiveInfinity], few);
        // Many: numpy's "midpoint" percentiles at 100·i/max_bins of 0..999 for max_bins 4: positions 249.75, 499.5, 749.25.
        var many = FeatureBins.Fit([Enumerable.Range(0, 1000).Select(i => (double)i).ToArray()], 4, 1).UpperBounds[0];
        Assert.Equal([249.5, 499.5, 749.5, double.PositiveInfinity], many);
    }

    [Fact]
    public void Taking_the_columns_bins_as_fitting_on_them_does_and_lets_each_column_go()
    {
        var random = new Random(11);
        var columns = Enumerable.Range(0, 9).Select(f => Enumerable.Range(0, 3_000).Select(r => r % (f + 5) == 0 ? double.NaN : Math.Round(random.NextDouble() * 100 * (f + 1))).ToArray()).ToArray();
        var fitted = FeatureBins.Fit(columns, 32, threads: 2);
        var taken = columns.ToArray<double[]?>();
        var bins = FeatureBins.FitTaking(taken, 32, threads: 2, collectBytes: 0); // a collection between every two batches
        Assert.All(taken, Assert.Null);
        Assert.Equal(fitted.Rows, bins.Rows);
        for (var f = 0; f < columns.Length; f++)
        {
            Assert.Equal(fitted.UpperBounds[f], bins.UpperBounds[f]);
            Assert.Equal(fitted.Bins[f], bins.Bins[f]);
        }
    }
}
