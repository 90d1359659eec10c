namespace MLOps.Engine.Gates;

/// <summary>The evaluation rows with one value of a <c>SliceColumn</c>, e.g. <c>region=east</c>.</summary>
public sealed record EvaluationSlice(string Name, int[] Rows, int MinimumRows)
{
    /// <summary>One slice per distinct value of <paramref name="values"/> (missing values form no slice), in value order.</summary>
    public static IEnumerable<EvaluationSlice> Of(string column, IReadOnlyList<string?> values, int minimumRows) =>
        values.Select((value, row) => (value, row)).Where(p => p.value is not null)
            .GroupBy(p => p.value!, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new EvaluationSlice($"{column}={g.Key}", g.Select(p => p.row).ToArray(), minimumRows));
}
