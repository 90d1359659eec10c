using MLOps.Engine.Data;

namespace MLOps.Engine.Monitoring;

/// <summary>Puts loaded rows on a reference's bins in one pass per column.</summary>
public static class Binning
{
    /// <summary>The counts of rows [<paramref name="start"/>, <paramref name="end"/>) of a column on <paramref name="bins"/>.</summary>
    public static BinCounts Count(ColumnBins bins, DataColumn column, int start, int end)
    {
        var counts = new long[bins.BinCount];
        long missing = 0;
        if (column.Numbers is { } numbers)
        {
            if (!bins.IsNumber) return CountLevels(bins, numbers.AsSpan(start, end - start).ToArray().Select(v => double.IsNaN(v) ? null : Text(v)).ToArray());
            var edges = bins.Edges;
            foreach (var value in numbers.AsSpan(start, end - start))
            {
                if (double.IsNaN(value)) missing++;
                else counts[edges.Length <= 16 ? Linear(edges, value) : bins.BinOf(value)]++;
            }
            return BinCounts.Of(counts, missing);
        }
        var levels = column.Levels!;
        var codes = column.Codes!.AsSpan(start, end - start);
        if (bins.IsNumber)
        {
            // A number column the data holds as text: every value that does not parse counts as missing.
            var values = levels.Select(l => double.TryParse(l, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : double.NaN).ToArray();
            foreach (var code in codes)
            {
                var value = code < 0 ? double.NaN : values[code];
                if (double.IsNaN(value)) missing++;
                else counts[bins.BinOf(value)]++;
            }
            return BinCounts.Of(counts, missing);
        }
        // Map each level of the data to its reference bin once, then count codes.
        var index = bins.Levels.Select((l, i) => (l, i)).ToDictionary(p => p.l, p => p.i, StringComparer.Ordinal);
        var map = levels.Select(l => index.GetValueOrDefault(l, bins.Levels.Length)).ToArray();
        var perLevel = new long[levels.Length];
        foreach (var code in codes)
        {
            if (code < 0) missing++;
            else perLevel[code]++;
        }
        var unseen = new SortedDictionary<string, long>(StringComparer.Ordinal);
        for (var l = 0; l < levels.Length; l++)
        {
            if (perLevel[l] == 0) continue;
            counts[map[l]] += perLevel[l];
            if (map[l] == bins.Levels.Length) unseen[levels[l]] = perLevel[l];
        }
        return new BinCounts(counts, missing, unseen);
    }

    /// <summary>The counts of the values of a category column given as strings (null = missing).</summary>
    public static BinCounts CountLevels(ColumnBins bins, IEnumerable<string?> values)
    {
        var index = bins.Levels.Select((l, i) => (l, i)).ToDictionary(p => p.l, p => p.i, StringComparer.Ordinal);
        var counts = new long[bins.BinCount];
        long missing = 0;
        var unseen = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            if (value is null) { missing++; continue; }
            if (index.TryGetValue(value, out var bin)) counts[bin]++;
            else
            {
                counts[^1]++;
                unseen[value] = unseen.GetValueOrDefault(value) + 1;
            }
        }
        return new BinCounts(counts, missing, unseen);
    }

    /// <summary>The counts of numbers (NaN = missing) on a number column's bins.</summary>
    public static BinCounts CountNumbers(ColumnBins bins, ReadOnlySpan<double> values)
    {
        var counts = new long[bins.BinCount];
        long missing = 0;
        foreach (var value in values)
        {
            if (double.IsNaN(value)) missing++;
            else counts[bins.BinOf(value)]++;
        }
        return BinCounts.Of(counts, missing);
    }

    // Few edges: a branch-free count of the edges at or below the value beats a binary search's mispredictions.
    private static int Linear(double[] edges, double value)
    {
        var bin = 0;
        foreach (var edge in edges) bin += edge < value ? 1 : 0;
        return bin;
    }

    private static string Text(double value) => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}
