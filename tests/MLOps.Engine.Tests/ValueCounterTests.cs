using MLOps.Runtime.Monitoring;
using Xunit;

namespace MLOps.Engine.Tests;

/// <summary>A profile's number bins: counting edges below a value finds the bin the binary search finds.</summary>
public sealed class ValueCounterTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(19)]
    [InlineData(64)]
    [InlineData(65)]
    public void Every_value_lands_in_the_bin_of_the_binary_search(int edgeCount)
    {
        var edges = Enumerable.Range(0, edgeCount).Select(i => i - edgeCount / 2.0).ToArray(); // increasing, 0 among them when even
        var random = new Random(edgeCount);
        double[] values =
        [
            double.NegativeInfinity, double.PositiveInfinity, double.MaxValue, -0.0, 0.0, .. edges, .. edges.Select(e => e + 0.5),
            .. Enumerable.Range(0, 200).Select(_ => (random.NextDouble() - 0.5) * (edgeCount + 2)),
        ];
        var counter = new ValueCounter(edges);

        Assert.All(values, v => Assert.Equal(Histogram.BinOf(edges, v), counter.Add(v)));
    }

    [Fact]
    public void Edges_that_repeat_are_searched_as_before()
    {
        double[] edges = [1.0, 1.0, 2.0];
        var counter = new ValueCounter(edges);

        Assert.All(new[] { 0.5, 1.0, 1.5, 2.0, 3.0 }, v => Assert.Equal(Histogram.BinOf(edges, v), counter.Add(v)));
    }
}
