using System.Globalization;
using MLOps.Engine.Diagnostics;

namespace MLOps.Engine.Packages.Feeds;

/// <summary><c>ModelFeedTimeout</c>: how long a feed may send nothing before a request to it fails (default 60 s).</summary>
public static class FeedTimeout
{
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Longest = TimeSpan.FromDays(1);

    /// <summary>A TimeSpan (<c>00:00:05</c>) or plain seconds (<c>5</c>, <c>2.5</c>); empty is the default; null with an error when invalid.</summary>
    public static TimeSpan? Parse(string? text, string projectFile, DiagnosticBag diagnostics)
    {
        if (string.IsNullOrWhiteSpace(text)) return Default;
        var value = text.Trim();
        TimeSpan? parsed = double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && double.IsFinite(seconds) && Math.Abs(seconds) <= Longest.TotalSeconds
            ? TimeSpan.FromSeconds(seconds)
            : TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var span) ? span : null;
        if (parsed is { } timeout && timeout > TimeSpan.Zero && timeout <= Longest) return timeout;
        diagnostics.Error(DiagnosticCodes.InvalidFeedTimeout,
            $"ModelFeedTimeout '{value}' is not a positive time of at most a day: write a TimeSpan such as 00:00:30 or a number of seconds such as 30.", projectFile);
        return null;
    }
}
