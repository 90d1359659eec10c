namespace MLOps.Runtime.Monitoring;

/// <summary>
/// The model a profile describes (its name, task and training fingerprint); profiles merge only when those agree.
/// <c>Version</c> is the package version when known (an app can say it), not part of the identity.
/// </summary>
public sealed record ProfiledModel(string Name, string Task, string Fingerprint, string? Version = null)
{
    /// <summary>The identity of a loaded model.</summary>
    public static ProfiledModel Of(ModelDocument model, string? version = null) => new(model.Name, model.Task, model.Training.Fingerprint, version);
}

/// <summary>The <see cref="ScoringProfile.Kind"/> names.</summary>
public static class ProfileKinds
{
    /// <summary>Built by <c>dotnet build</c> from the evaluation data, with labels and metrics; shipped in the package.</summary>
    public const string Reference = "reference";
    /// <summary>Built from what an app scored, on the reference's bins.</summary>
    public const string Scored = "scored";
}

/// <summary>
/// A compact, mergeable summary of rows a model scored (docs/monitoring.md, "Formats"): per input column counts on
/// the reference profile's bins or category values, missing counts and sums; the prediction histogram; and, in the
/// reference profile, the calibration table and metrics. Counts are integers, so merging (<see cref="Merge(ScoringProfile, ScoringProfile)"/>) is exact
/// and any order of merging gives the same counts; a few KB per column, whatever the number of rows.
/// </summary>
public sealed record ScoringProfile
{
    /// <summary>The <see cref="Format"/> this library writes and the newest it reads.</summary>
    public const int CurrentFormat = 1;

    /// <summary>Format version; incremented on any change an older reader could not read.</summary>
    public int Format { get; init; } = CurrentFormat;
    /// <summary>One of <see cref="ProfileKinds"/>.</summary>
    public required string Kind { get; init; }
    /// <summary>The model whose inputs and outputs these are.</summary>
    public required ProfiledModel Model { get; init; }
    /// <summary>Rows profiled.</summary>
    public required long Rows { get; init; }
    /// <summary>When the first and last rows were scored (UTC); null in the reference profile.</summary>
    public DateTimeOffset? FirstScored { get; init; }
    /// <inheritdoc cref="FirstScored"/>
    public DateTimeOffset? LastScored { get; init; }
    /// <summary>One per model input, in the model's input order.</summary>
    public required IReadOnlyList<ColumnProfile> Columns { get; init; }
    /// <summary>What the model predicted.</summary>
    public required PredictionProfile Predictions { get; init; }
    /// <summary>Reference profile: the model's metrics on the evaluation data (as in metrics.json; null is undefined).</summary>
    public IReadOnlyDictionary<string, double?>? Metrics { get; init; }

    /// <summary>
    /// Adds two profiles of the same model on the same bins: every count is the sum of both, min and max the extremes,
    /// the time range the union. Metrics are kept when both have the same ones.
    /// </summary>
    /// <exception cref="InvalidDataException">The profiles are of different models, kinds or bins; the message says which.</exception>
    public static ScoringProfile Merge(ScoringProfile a, ScoringProfile b)
    {
        if (a.Model.Name != b.Model.Name || a.Model.Task != b.Model.Task || a.Model.Fingerprint != b.Model.Fingerprint)
            throw ProfileMismatch.Of($"one is of model '{a.Model.Name}' (fingerprint {Short(a.Model.Fingerprint)}), the other of '{b.Model.Name}' (fingerprint {Short(b.Model.Fingerprint)})");
        if (a.Kind != b.Kind) throw ProfileMismatch.Of($"one is a {a.Kind} profile, the other a {b.Kind} profile");
        if (a.Columns.Count != b.Columns.Count) throw ProfileMismatch.Of($"one has {a.Columns.Count} columns, the other {b.Columns.Count}");
        return a with
        {
            Model = a.Model.Version == b.Model.Version ? a.Model : a.Model with { Version = null },
            Rows = checked(a.Rows + b.Rows),
            FirstScored = Earliest(a.FirstScored, b.FirstScored),
            LastScored = Latest(a.LastScored, b.LastScored),
            Columns = a.Columns.Zip(b.Columns, ColumnProfile.Merge).ToArray(),
            Predictions = PredictionProfile.Merge(a.Predictions, b.Predictions),
            Metrics = SameMetrics(a.Metrics, b.Metrics) ? a.Metrics : null,
        };
    }

    /// <summary>Merges many profiles, in order (any order gives the same counts).</summary>
    /// <exception cref="ArgumentException">No profiles.</exception>
    public static ScoringProfile Merge(IEnumerable<ScoringProfile> profiles) =>
        profiles.Aggregate((ScoringProfile?)null, (sum, next) => sum is null ? next : Merge(sum, next))
        ?? throw new ArgumentException("No profiles to merge.", nameof(profiles));

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a <= b ? a : b;

    private static DateTimeOffset? Latest(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a >= b ? a : b;

    private static bool SameMetrics(IReadOnlyDictionary<string, double?>? a, IReadOnlyDictionary<string, double?>? b) =>
        a is not null && b is not null && a.Count == b.Count && a.All(m => b.TryGetValue(m.Key, out var v) && Nullable.Equals(v, m.Value));

    private static string Short(string fingerprint) => fingerprint.Length > 12 ? fingerprint[..12] : fingerprint;
}
