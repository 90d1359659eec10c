using MLOps.Engine.Learners.Trees;
using Xunit;

namespace MLOps.Engine.Tests;

public class RowSplitTests
{
    [Theory]
    [InlineData(0, 7, false)]
    [InlineData(15, 7, false)]
    [InlineData(16, 7, true)]
    [InlineData(1_000, 1, false)]
    [InlineData(1_000, 128, true)]
    [InlineData(4_099, 254, false)]
    [InlineData(4_099, 255, true)]
    public void Lefts_come_first_in_row_order_and_rights_fill_the_back_in_reverse(int count, int splitBin, bool missingLeft)
    {
        var random = new Random(count + splitBin);
        var bins = new byte[count * 3 + 5];
        random.NextBytes(bins);
        for (var b = 0; b < bins.Length; b += 7) bins[b] = 0; // missing values
        // Row 0 always: its gather reads the three bytes before the bins (the array's length field).
        var rows = Enumerable.Range(0, bins.Length).Where(r => r == 0 || random.Next(3) == 0).Take(count).ToArray();
        bool GoesLeft(int row) => bins[row] == 0 ? missingLeft : bins[row] <= splitBin;

        var output = new int[rows.Length];
        var lefts = RowSplit.Split(rows, bins, splitBin, missingLeft, output);

        var expected = rows.Where(GoesLeft).Concat(rows.Where(r => !GoesLeft(r)).Reverse()).ToArray();
        Assert.Equal(rows.Count(GoesLeft), lefts);
        Assert.Equal(expected, output);
    }
}
