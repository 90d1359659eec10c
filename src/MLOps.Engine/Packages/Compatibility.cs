using MLOps.Engine.Diagnostics;
using MLOps.Runtime;

namespace MLOps.Engine.Packages;

/// <summary>
/// SemVer for models: what an app that scores the published model passes in must keep working. Removing an input,
/// changing an input's type, dropping category values, or changing the label's classes breaks such callers and
/// needs a new major version; adding inputs or values does not.
/// </summary>
public static class Compatibility
{
    /// <summary>The changes from <paramref name="published"/> to <paramref name="candidate"/> that break callers.</summary>
    public static IReadOnlyList<string> BreakingChanges(ModelDocument published, ModelDocument candidate)
    {
        var changes = new List<string>();
        var inputs = candidate.Inputs.ToDictionary(i => i.Name, StringComparer.Ordinal);
        foreach (var old in published.Inputs)
        {
            if (!inputs.TryGetValue(old.Name, out var now)) changes.Add($"input '{old.Name}' was removed");
            else if (now.Type != old.Type) changes.Add($"input '{old.Name}' changed type from {old.Type} to {now.Type}");
            else if (old.Levels is { } levels && now.Levels is { } current && levels.Except(current, StringComparer.Ordinal).ToArray() is { Length: > 0 } dropped)
                changes.Add($"input '{old.Name}' no longer takes {string.Join(", ", dropped.Select(d => $"'{d}'"))}");
        }
        if (published.Label.Name != candidate.Label.Name || published.Task != candidate.Task || !published.Label.Classes.SequenceEqual(candidate.Label.Classes))
            changes.Add($"the prediction changed from {published.Task} of '{published.Label.Name}' ({string.Join("/", published.Label.Classes)}) to {candidate.Task} of '{candidate.Label.Name}' ({string.Join("/", candidate.Label.Classes)})");
        return changes;
    }

    /// <summary>Reports MLOPS4010 when <paramref name="version"/> keeps the published major version despite breaking changes.</summary>
    public static void Check(ModelDocument published, string publishedVersion, ModelDocument candidate, string version, string projectFile, DiagnosticBag diagnostics)
    {
        var changes = BreakingChanges(published, candidate);
        if (changes.Count == 0 || !SemanticVersion.TryParse(version, out var next) || !SemanticVersion.TryParse(publishedVersion, out var previous)) return;
        if (next.Major > previous.Major) return;
        diagnostics.Error(DiagnosticCodes.BreakingChangeNeedsMajorVersion,
            $"Version {version} keeps major version {previous.Major} of the published {publishedVersion}, but apps that score it would break: {string.Join("; ", changes)}. Set Version to {previous.Major + 1}.0.0.",
            projectFile);
    }
}
