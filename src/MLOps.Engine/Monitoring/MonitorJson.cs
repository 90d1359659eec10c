using System.Text.Json;
using System.Text.Json.Serialization;

namespace MLOps.Engine.Monitoring;

/// <summary>The monitoring result as JSON (<c>--json</c>, monitor.json): enums as words, camelCase, non-finite numbers as null.</summary>
public static class MonitorJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static string Render(MonitorResult result) => JsonSerializer.Serialize(new
    {
        model = result.ModelName,
        task = result.Task,
        verdict = result.Verdict,
        summary = MonitorText.Headline(result),
        referenceRows = result.ReferenceRows,
        currentRows = result.CurrentRows,
        drift = result.Drift.Select(d => new
        {
            column = d.Column, aspect = d.Aspect, test = d.Test, statistic = Finite(d.Statistic), pValue = Finite(d.PValue), adjustedPValue = Finite(d.AdjustedPValue),
            effect = new { name = d.EffectName, value = Finite(d.Effect), threshold = d.EffectThreshold }, wasserstein = Finite(d.Wasserstein),
            missingRate = new { reference = d.ReferenceMissingRate, current = d.CurrentMissingRate },
            newCategories = d.NewCategories, vanishedCategories = d.VanishedCategories, drifted = d.Drifted,
        }),
        estimate = new
        {
            notPossible = result.Estimate.NotPossible,
            assumptions = result.Estimate.NotPossible is null ? PerformanceEstimate.Assumptions : [],
            metrics = result.Estimate.Metrics.Select(m => new { metric = m.Metric, package = Finite(m.Reference), estimate = Finite(m.Estimate), lower = Finite(m.Lower), upper = Finite(m.Upper), degraded = m.Degraded }),
        },
        realized = result.Realized?.Select(m => new { metric = m.Metric, package = Finite(m.Reference), current = Finite(m.Current), test = m.Test, pValue = Finite(m.PValue), adjustedPValue = Finite(m.AdjustedPValue), degraded = m.Degraded }),
        chunks = result.Chunks.Select(c => new { label = c.Label, rows = c.Rows, metric = c.Metric, estimate = Finite(c.Estimate), lower = Finite(c.Lower), upper = Finite(c.Upper), realized = Finite(c.Realized), driftedChecks = c.DriftedChecks }),
    }, Options) + "\n";

    private static double? Finite(double? value) => value is { } v && double.IsFinite(v) ? v : null;
}
