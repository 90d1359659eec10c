using System.Globalization;

namespace MLOps.Engine.Monitoring;

/// <summary>How current data is split for the over-time view: so many rows per chunk, or one chunk per time span of the rows' scoring time.</summary>
public sealed record ChunkBy(int? Rows, TimeSpan? Span)
{
    /// <summary>
    /// Parses <c>10000</c> (rows) or a span: a whole number with <c>m</c> (minutes), <c>h</c> (hours), <c>d</c> (days) or
    /// <c>w</c> (weeks); null with the reason when it is neither.
    /// </summary>
    public static ChunkBy? Parse(string text, out string? error)
    {
        error = null;
        text = text.Trim();
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var rows) && rows > 0) return new ChunkBy(rows, null);
        if (text.Length > 1 && int.TryParse(text[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0)
        {
            TimeSpan? span = char.ToLowerInvariant(text[^1]) switch
            {
                'm' => TimeSpan.FromMinutes(n),
                'h' => TimeSpan.FromHours(n),
                'd' => TimeSpan.FromDays(n),
                'w' => TimeSpan.FromDays(7 * n),
                _ => null,
            };
            if (span is not null) return new ChunkBy(null, span);
        }
        error = $"'{text}' is not a chunk size: give rows (e.g. 10000) or a time span (e.g. 1d, 6h, 30m, 1w).";
        return null;
    }

    /// <summary>The label of the span a time falls in: its UTC start, as a date for whole days.</summary>
    public string Label(DateTimeOffset time)
    {
        var ticks = Span!.Value.Ticks;
        var start = new DateTimeOffset(time.UtcTicks / ticks * ticks, TimeSpan.Zero);
        return Span.Value.Ticks % TimeSpan.TicksPerDay == 0
            ? start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : start.ToString("yyyy-MM-dd'T'HH:mm'Z'", CultureInfo.InvariantCulture);
    }
}
