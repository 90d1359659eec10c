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

    /// <summary>
    /// The changes from the published data contract to the new one that break callers: a column removed, a column's
    /// type changed, or category values no longer allowed.
    /// </summary>
    public static IReadOnlyList<string> BreakingChanges(Contracts.DataContract published, Contracts.DataContract candidate)
    {
        var changes = new List<string>();
        foreach (var old in published.Columns)
        {
            var now = candidate.Find(old.Name);
            if (now is null) changes.Add($"contract column '{old.Name}' was removed");
            else if (now.Type != old.Type) changes.Add($"contract column '{old.Name}' changed type from {old.Type} to {now.Type}");
            else if (old.Values is { } values && (now.Values is null ? [] : values.Except(now.Values, StringComparer.Ordinal).ToArray()) is { Length: > 0 } dropped)
                changes.Add($"contract column '{old.Name}' no longer allows {string.Join(", ", dropped.Select(d => $"'{d}'"))}");
        }
        return changes;
    }

    /// <summary>Reports MLOPS4010 when <paramref name="version"/> keeps the published major version despite breaking changes.</summary>
    public static void Check(ModelDocument published, string publishedVersion, ModelDocument candidate, string version, string projectFile, DiagnosticBag diagnostics,
        Contracts.DataContract? publishedContract = null, Contracts.DataContract? contract = null)
    {
        var changes = BreakingChanges(published, candidate)
            .Concat(publishedContract is not null && contract is not null ? BreakingChanges(publishedContract, contract) : []).ToArray();
        if (changes.Length == 0 || !SemanticVersion.TryParse(version, out var next) || !SemanticVersion.TryParse(publishedVersion, out var previous)) return;
        if (next.Major > previous.Major) return;
        diagnostics.Error(DiagnosticCodes.BreakingChangeNeedsMajorVersion,
            $"Version {version} keeps major version {previous.Major} of the published {publishedVersion}, but apps that score it would break: {string.Join("; ", changes)}. Set Version to {previous.Major + 1}.0.0.",
            projectFile);
    }
}
