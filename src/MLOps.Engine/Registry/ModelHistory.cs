using MLOps.Engine.Gates;
using MLOps.Engine.Packages;
using MLOps.Engine.Packages.Feeds;

namespace MLOps.Engine.Registry;

/// <summary>One published version as <c>mlops history</c> shows it.</summary>
public sealed record HistoryEntry(
    string Version,
    string? BuiltAt,
    string? Commit,
    string? DataSha256,
    IReadOnlyDictionary<string, double?> Metrics,
    string Verdict,
    GateOverride? Override,
    string SemVerReason);

/// <summary>Every published version of a model package, oldest first, read from the packages' lineage and evidence.</summary>
public static class ModelHistory
{
    /// <summary>The history of <paramref name="id"/> on <paramref name="feed"/>; versions that are not model packages are skipped.</summary>
    public static async Task<IReadOnlyList<HistoryEntry>> ReadAsync(IPackageFeed feed, string id, CancellationToken cancel = default)
    {
        var models = new List<PublishedModel>();
        foreach (var version in SemanticVersion.Ordered(await feed.VersionsAsync(id, cancel)))
            if (await feed.DownloadAsync(id, version, cancel) is { } bytes && PublishedModel.Read(bytes) is { } model)
                models.Add(model);
        return models.Select((m, i) => Entry(m, i == 0 ? null : models[i - 1])).ToArray();
    }

    private static HistoryEntry Entry(PublishedModel model, PublishedModel? previous) => new(
        model.Version,
        model.Lineage.BuiltAt,
        model.Lineage.Git?.Commit,
        model.TrainingDataSha256,
        model.Metrics?.Metrics ?? new Dictionary<string, double?>(),
        Verdict(model.Gates),
        model.Gates?.Override ?? model.Lineage.GateOverride,
        SemVerReason(model, previous));

    /// <summary>passed, passed with an override, failed, or "no gates".</summary>
    public static string Verdict(GateResult? gates) => gates switch
    {
        null => "no gate result",
        { Gates.Count: 0 } => "no gates",
        _ when gates.Gates.Any(g => g.Outcome == GateOutcome.Failed) && gates.Accepted => "overridden",
        { Accepted: true } => gates.Gates.Any(g => g.Outcome == GateOutcome.Inconclusive) ? "passed (inconclusive gates)" : "passed",
        _ => "failed",
    };

    /// <summary>
    /// Why the version number moved as it did: the bump (major, minor, patch) and what changed since the previous
    /// version, with the breaking changes in the model's inputs that a major version owes its callers.
    /// </summary>
    public static string SemVerReason(PublishedModel model, PublishedModel? previous)
    {
        if (previous is null) return "first version";
        var bump = !SemanticVersion.TryParse(model.Version, out var current) || !SemanticVersion.TryParse(previous.Version, out var before) ? "version"
            : current.Major != before.Major ? "major" : current.Minor != before.Minor ? "minor" : "patch";
        var breaking = model.Model is not null && previous.Model is not null ? Compatibility.BreakingChanges(previous.Model, model.Model) : [];
        var changes = LineageChanges.Between(previous.Lineage, model.Lineage).Select(c => c.What).ToList();
        var reason = breaking.Count > 0 ? $"breaking: {string.Join("; ", breaking)}" : "no breaking change to the inputs";
        return $"{bump}: {reason}{(changes.Count > 0 ? $"; changed: {string.Join(", ", changes.Distinct())}" : "")}";
    }
}
