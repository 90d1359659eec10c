using System.Buffers;
using System.Runtime.InteropServices;

namespace MLOps.Runtime.Monitoring;

/// <summary>
/// A <see cref="Model"/> that logs (<see cref="ModelMonitoring.WithPredictionLog"/>) and/or profiles
/// (<see cref="ModelMonitoring.WithProfile"/>) what it scores. Scores are the model's, bit for bit; scoring never waits
/// for the log. Dispose it (<see cref="DisposeAsync"/>) when the app stops, to write what is queued.
/// </summary>
public sealed class MonitoredModel : IAsyncDisposable
{
    internal MonitoredModel(Model model, PredictionLog? log, ProfileRecorder? profile)
    {
        Model = model;
        Log = log;
        Profile = profile;
    }

    /// <summary>The model scored.</summary>
    public Model Model { get; }
    /// <summary>The prediction log, when on.</summary>
    public PredictionLog? Log { get; }
    /// <summary>The in-memory profile, when on.</summary>
    public ProfileRecorder? Profile { get; }

    /// <summary>Adds a prediction log (see <see cref="ModelMonitoring.WithPredictionLog"/>).</summary>
    public MonitoredModel WithPredictionLog(PredictionLogOptions options) =>
        Log is null ? new(Model, new PredictionLog(Model, options), Profile) : throw new InvalidOperationException("The model already has a prediction log.");

    /// <summary>Adds an in-memory profile (see <see cref="ModelMonitoring.WithProfile"/>).</summary>
    public MonitoredModel WithProfile(ProfileOptions? options = null) =>
        Profile is null ? new(Model, Log, new ProfileRecorder(Model, options ?? new())) : throw new InvalidOperationException("The model already has a profile.");

    /// <summary>Scores one row as <see cref="Model.Score(ModelRow)"/> does, and logs it (with <paramref name="key"/>, else the options' key selector) if sampled.</summary>
    public double Score(ModelRow row, string? key = null)
    {
        var score = Model.Score(row);
        Record(row, MemoryMarshal.CreateReadOnlySpan(ref score, 1), key);
        return score;
    }

    /// <summary>Scores one row of a multiclass model as <see cref="Model.ScoreClasses"/> does, and logs it if sampled.</summary>
    public void ScoreClasses(ModelRow row, Span<double> probabilities, string? key = null)
    {
        Model.ScoreClasses(row, probabilities);
        Record(row, probabilities, key);
    }

    /// <summary>
    /// Scores many rows at once with the batch scorer (<see cref="Model.ScoreFeaturesBatch"/>) into
    /// <paramref name="scores"/> (one per row, or rows × classes for a multiclass model), and logs the sampled ones.
    /// </summary>
    public void ScoreBatch(ReadOnlySpan<ModelRow> rows, Span<double> scores)
    {
        var width = Model.ClassCount;
        if (scores.Length != rows.Length * width) throw new ArgumentException($"Expected {rows.Length * width} scores for {rows.Length} rows.", nameof(scores));
        var featureCount = Model.FeatureCount;
        var features = ArrayPool<double>.Shared.Rent(rows.Length * featureCount);
        try
        {
            for (var r = 0; r < rows.Length; r++) Model.Featurize(rows[r], features.AsSpan(r * featureCount, featureCount));
            Model.ScoreFeaturesBatch(features.AsSpan(0, rows.Length * featureCount), scores);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(features);
        }
        if (Profile is not null)
            for (var r = 0; r < rows.Length; r++) Profile.Add(rows[r], scores.Slice(r * width, width));
        Log?.OfferBatch(rows, scores, width);
    }

    private void Record(ModelRow row, ReadOnlySpan<double> outputs, string? key)
    {
        Profile?.Add(row, outputs);
        Log?.Offer(row, outputs, key);
    }

    /// <summary>Writes what the log has queued and saves the profile's last rows.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Log is not null) await Log.DisposeAsync().ConfigureAwait(false);
        if (Profile is not null) await Profile.DisposeAsync().ConfigureAwait(false);
    }
}
