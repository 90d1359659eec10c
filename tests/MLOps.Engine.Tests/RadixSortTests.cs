using MLOps.Engine.Statistics;
using Xunit;

namespace MLOps.Engine.Tests;

public class RadixSortTests
{
    [Theory]
    [InlineData(10)]
    [InlineData(255)]
    [InlineData(100_000)]
    public void Sorts_as_a_comparison_sort_does(int count)
    {
        var random = new Random(count);
        var values = Enumerable.Range(0, count).Select(i => i % 50 == 0 ? Math.Round(random.NextDouble() * 4 - 2) : (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-30, 30))).ToArray();
        values[0] = double.PositiveInfinity;
        values[1] = double.NegativeInfinity;
        values[2] = double.Epsilon;
        values[3] = -double.Epsilon;
        var expected = values.Order().ToArray();
        RadixSort.Sort(values);
        Assert.Equal(expected, values);
    }
}
