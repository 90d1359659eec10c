namespace MLOps.Engine.Statistics;

/// <summary>Row indices in ascending order of their values, with the values so sorted: what every rank-based metric and test starts from.</summary>
public readonly record struct SortedOrder(int[] Rows, double[] Values)
{
    public static SortedOrder Of(ReadOnlySpan<double> values)
    {
        var rows = new int[values.Length];
        for (var i = 0; i < rows.Length; i++) rows[i] = i;
        var sorted = values.ToArray();
        Array.Sort(sorted, rows);
        return new SortedOrder(rows, sorted);
    }
}
