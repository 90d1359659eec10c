using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using MLOps.Runtime;
using Xunit;

namespace MLOps.Engine.Tests;

/// <summary>
/// Every way <see cref="ThresholdCounter"/> counts (one value, four to a <see cref="Vector256{T}"/>, eight to a
/// <see cref="Vector512{T}"/>, whichever the processor runs) against counting the thresholds below a value one by one:
/// runs of 8 and 16, the last run partly +∞, values on thresholds, NaN, infinities and −0.
/// </summary>
public class ThresholdCounterTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(100)]
    [InlineData(127)]
    [InlineData(128)]
    [InlineData(200)]
    [InlineData(255)]
    public void Each_way_of_counting_gives_the_thresholds_below_a_value(int count)
    {
        var random = new Random(count);
        var thresholds = Enumerable.Range(0, count).Select(i => i - count / 2 + Math.Round(random.NextDouble(), 2)).Distinct().Order().ToArray();
        var counter = new ThresholdCounter(thresholds);
        double[] special = [double.NaN, double.NegativeInfinity, double.PositiveInfinity, -0.0, 0.0, .. thresholds];
        var values = special.Concat(Enumerable.Range(0, 400).Select(_ => (random.NextDouble() - 0.5) * (count + 4))).ToArray();
        int Expected(double x) => thresholds.Count(t => t < x);

        foreach (var x in values) Assert.Equal(Expected(x), counter.Below(x));
        if (Avx2.IsSupported)
            for (var i = 0; i + 4 <= values.Length; i++)
            {
                var below = counter.Below(Vector256.Create(values.AsSpan(i, 4)));
                for (var j = 0; j < 4; j++) Assert.Equal(Expected(values[i + j]), below[j]);
            }
        if (Vector512.IsHardwareAccelerated)
            for (var i = 0; i + 8 <= values.Length; i++)
            {
                var below = counter.Below(Vector512.Create(values.AsSpan(i, 8)));
                for (var j = 0; j < 8; j++) Assert.Equal(Expected(values[i + j]), below[j]);
            }
    }
}
