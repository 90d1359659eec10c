namespace MLOps.Runtime.Monitoring;

/// <summary>Turns monitoring on for a loaded model (opt-in; a plain <see cref="Model"/> logs nothing and allocates nothing per row).</summary>
public static class ModelMonitoring
{
    /// <summary>
    /// A model that writes a sampled, size-capped log of what it scores (inputs, outputs, time, model identity,
    /// correlation key) to JSON Lines files, off the scoring thread; records the writer cannot keep up with are dropped
    /// and counted (<see cref="PredictionLog.DroppedRecords"/>).
    /// </summary>
    public static MonitoredModel WithPredictionLog(this Model model, PredictionLogOptions options) =>
        new(model, new PredictionLog(model, options), null);

    /// <summary>A model that keeps a mergeable profile of what it scores in memory, saved every interval when a folder is given.</summary>
    public static MonitoredModel WithProfile(this Model model, ProfileOptions? options = null) =>
        new(model, null, new ProfileRecorder(model, options ?? new()));

    /// <summary>
    /// The reference profile a model package copies beside its model (<c>&lt;ModelName&gt;.profile.json</c>), looked for
    /// as <see cref="Model.Load"/> looks for the model; null when there is none.
    /// </summary>
    public static ScoringProfile? LoadReferenceProfile(string path)
    {
        try
        {
            return ProfileFormat.Read(ModelFile.Find(path, Environment.CurrentDirectory, AppContext.BaseDirectory));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }
}
