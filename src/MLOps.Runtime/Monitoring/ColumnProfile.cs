namespace MLOps.Runtime.Monitoring;

/// <summary>
/// What a profile knows about one input column: rows seen and how many were missing; for a number or boolean column a
/// <see cref="Histogram"/> on the reference's edges and a <see cref="ValueSummary"/>; for a category column its
/// <see cref="CategoryCounts"/>.
/// </summary>
public sealed record ColumnProfile
{
    /// <summary>The input's name, as in <see cref="ModelDocument.Inputs"/>.</summary>
    public required string Name { get; init; }
    /// <summary><c>number</c>, <c>boolean</c> or <c>category</c>.</summary>
    public required string Type { get; init; }
    /// <summary>Rows seen, missing ones included.</summary>
    public required long Count { get; init; }
    /// <summary>Rows where the column was missing (NaN or null).</summary>
    public required long Missing { get; init; }
    /// <summary>Number and boolean columns: counts on fixed edges.</summary>
    public Histogram? Histogram { get; init; }
    /// <summary>Number and boolean columns: sums, min and max.</summary>
    public ValueSummary? Summary { get; init; }
    /// <summary>Category columns: counts per value.</summary>
    public CategoryCounts? Categories { get; init; }

    internal static ColumnProfile Merge(ColumnProfile a, ColumnProfile b)
    {
        if (a.Name != b.Name || a.Type != b.Type) throw ProfileMismatch.Of($"column '{a.Name}' ({a.Type}) is '{b.Name}' ({b.Type}) in the other");
        return a with
        {
            Count = checked(a.Count + b.Count),
            Missing = checked(a.Missing + b.Missing),
            Histogram = Both(a.Histogram, b.Histogram, (x, y) => Histogram.Merge(x, y, $"column '{a.Name}'")),
            Summary = Both(a.Summary, b.Summary, ValueSummary.Merge),
            Categories = Both(a.Categories, b.Categories, (x, y) => CategoryCounts.Merge(x, y, a.Name)),
        };
    }

    internal static T? Both<T>(T? a, T? b, Func<T, T, T> merge) where T : class =>
        a is null && b is null ? null
        : a is null || b is null ? throw ProfileMismatch.Of($"only one profile has {typeof(T).Name}")
        : merge(a, b);
}
