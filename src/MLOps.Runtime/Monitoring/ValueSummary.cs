namespace MLOps.Runtime.Monitoring;

/// <summary>Sum, sum of squares, least and greatest of the values seen (not missing); min and max are null when none were.</summary>
public sealed record ValueSummary(double Sum, double SumOfSquares, double? Min, double? Max)
{
    /// <summary>No values.</summary>
    public static ValueSummary Empty { get; } = new(0, 0, null, null);

    /// <summary>
    /// Adds two summaries. Min and max are exact; the sums are floating-point additions, exact for the integer-valued
    /// and most real data but otherwise equal to any other order of merging only up to rounding.
    /// </summary>
    public static ValueSummary Merge(ValueSummary a, ValueSummary b) => new(
        a.Sum + b.Sum, a.SumOfSquares + b.SumOfSquares,
        a.Min is null ? b.Min : b.Min is null ? a.Min : Math.Min(a.Min.Value, b.Min.Value),
        a.Max is null ? b.Max : b.Max is null ? a.Max : Math.Max(a.Max.Value, b.Max.Value));
}
