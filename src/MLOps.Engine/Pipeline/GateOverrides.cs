using System.Globalization;
using MLOps.Engine.Diagnostics;
using MLOps.Engine.Gates;

namespace MLOps.Engine.Pipeline;

/// <summary>
/// <c>GateOverrideReason</c>, <c>GateOverrideGates</c> and <c>GateOverrideBy</c>: which failed gates a release manager
/// passes on purpose, and who they are (from the property, else the CI's actor or the user; docs/gates.md).
/// </summary>
internal static class GateOverrides
{
    /// <summary>GateOverrideGates must name gates of this model, and needs a reason.</summary>
    public static void CheckScope(ModelSpec spec, DiagnosticBag diagnostics)
    {
        if (spec.GateOverrideGates.Count == 0) return;
        if (string.IsNullOrWhiteSpace(spec.GateOverrideReason))
            diagnostics.Error(DiagnosticCodes.InvalidGateOverride, $"GateOverrideGates is set ({string.Join(", ", spec.GateOverrideGates)}) but GateOverrideReason is not: an override needs a reason.", spec.ProjectFile);
        var metrics = spec.Gates.Select(g => g.Metric).Concat(spec.FairnessGates.Select(f => f.Metadata.GetValueOrDefault("Metric") ?? "")).Distinct(StringComparer.Ordinal).ToArray();
        foreach (var name in spec.GateOverrideGates.Where(n => !metrics.Contains(n, StringComparer.Ordinal)))
            diagnostics.Error(DiagnosticCodes.InvalidGateOverride,
                $"GateOverrideGates names '{name}', which no ModelGate or FairnessGate of this model checks. Name gates by metric: {(metrics.Length == 0 ? "(none defined)" : string.Join(", ", metrics))}.", spec.ProjectFile);
    }

    /// <summary>The override to record: only when GateOverrideReason is set and it passes at least one failed gate.</summary>
    public static GateOverride? Record(ModelSpec spec, IReadOnlyList<GateVerdict> verdicts)
    {
        if (string.IsNullOrWhiteSpace(spec.GateOverrideReason)) return null;
        var record = new GateOverride(spec.GateOverrideReason, spec.GateOverrideBy ?? WhoIsBuilding(), DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture))
        {
            Gates = spec.GateOverrideGates.Count == 0 ? null : spec.GateOverrideGates,
        };
        return verdicts.Any(v => v.Outcome == GateOutcome.Failed && record.Covers(v)) ? record : null;
    }

    /// <summary>Who is building, from the CI system's or the shell's variables; null when none names anyone.</summary>
    private static string? WhoIsBuilding()
    {
        foreach (var name in new[] { "GITHUB_ACTOR", "BUILD_REQUESTEDFOR", "GITLAB_USER_LOGIN", "USER", "USERNAME" })
            if (Environment.GetEnvironmentVariable(name) is { Length: > 0 } who) return name is "USER" or "USERNAME" ? who : $"{who} ({name})";
        return null;
    }
}
