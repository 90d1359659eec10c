namespace MLOps.Runtime.Monitoring;

/// <summary>
/// Counts of a category column's values: one count per value the reference kept (its most frequent, at most
/// <see cref="ProfileLimits.Categories"/>) and one <see cref="Other"/> count for every other value, so a profile stays
/// bounded however many distinct values the data has.
/// </summary>
public sealed record CategoryCounts(IReadOnlyList<string> Values, IReadOnlyList<long> Counts, long Other)
{
    internal static CategoryCounts Merge(CategoryCounts a, CategoryCounts b, string column)
    {
        if (!a.Values.SequenceEqual(b.Values, StringComparer.Ordinal)) throw ProfileMismatch.Of($"column '{column}' has different category values");
        return new(a.Values, Histogram.Add(a.Counts, b.Counts), checked(a.Other + b.Other));
    }
}
