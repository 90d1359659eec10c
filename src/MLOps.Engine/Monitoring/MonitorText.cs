using System.Globalization;

namespace MLOps.Engine.Monitoring;

/// <summary>The words and number formats the monitoring reports share, so Markdown, HTML and diagnostics say the same thing.</summary>
public static class MonitorText
{
    /// <summary>The verdict in a sentence.</summary>
    public static string Headline(MonitorResult result) => result.Verdict switch
    {
        MonitorVerdict.Degraded => $"Degraded: {string.Join("; ", DegradedMetrics(result))}",
        MonitorVerdict.Drift => $"Drift: {string.Join(", ", result.Drifted.Select(Name))}",
        _ => string.Create(CultureInfo.InvariantCulture, $"Healthy: no drift in {result.Drift.Count} checks and no sign of lower performance"),
    };

    /// <summary>The metrics that say performance fell, with their values.</summary>
    public static IEnumerable<string> DegradedMetrics(MonitorResult result) =>
        (result.Realized ?? []).Where(m => m.Degraded).Select(m => $"{m.Metric} {N(m.Current)} on labelled rows vs {N(m.Reference)} in the package")
            .Concat(result.Estimate.Metrics.Where(m => m.Degraded).Select(m => $"{m.Metric} estimated {N(m.Estimate)} ({N(m.Lower)}–{N(m.Upper)}) vs {N(m.Reference)} in the package"));

    /// <summary>A check's name: the column, and what about it.</summary>
    public static string Name(DriftCheck check) => check.Aspect switch
    {
        DriftAspect.MissingRate => $"{check.Column} (missing rate)",
        DriftAspect.Prediction => "the model's predictions",
        _ => check.Column,
    };

    /// <summary>A number with four decimals, or "n/a".</summary>
    public static string N(double? value) =>
        value is { } v && double.IsFinite(v) ? v.ToString("0.0000", CultureInfo.InvariantCulture) : "n/a";

    /// <summary>A p-value: three significant digits, "< 1e-300" at the floor.</summary>
    public static string P(double? value) =>
        value is not { } v ? "n/a" : v < 1e-300 ? "< 1e-300" : v.ToString("G3", CultureInfo.InvariantCulture);

    /// <summary>A share as a percentage.</summary>
    public static string Percent(double value) => value.ToString("0.0%", CultureInfo.InvariantCulture);
}
