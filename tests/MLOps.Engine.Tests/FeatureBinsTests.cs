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
    [InlineData(2, 100)]     // one value bin: every present value in bin 1
    public void Every_value_lands_in_the_first_bin_whose_upper_bound_is_at_least_the_value(int maxBins, int distinct)
    {
        var random = new Random(7);
        var values = Enumerable.Range(0, 20_000).Select(i => i % 97 == 0 ? double.NaN : Math.Round(random.NextDouble() * distinct) - distinct / 2.0).ToArray();
        values[1] = double.PositiveInfinity;
        values[2] = double.NegativeInfinity;
        var bins = FeatureBins.Fit([values], maxBins, threads: 2);
        var bounds = bins.UpperBounds[0];
        Assert.InRange(bounds.Length, 1, maxBins - 1);
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
}
