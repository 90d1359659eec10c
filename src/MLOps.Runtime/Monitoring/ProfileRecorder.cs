namespace MLOps.Runtime.Monitoring;

/// <summary>
/// An in-memory <see cref="ScoringProfile"/> of what a model scored, for apps that cannot keep a log: thread-safe,
/// bounded (its size does not grow with rows), saved to a new file every interval when a folder is given. Profiles of
/// many instances and intervals merge exactly (<c>mlops profile merge</c>).
/// </summary>
public sealed class ProfileRecorder : IAsyncDisposable
{
    private readonly ProfileOptions _options;
    private readonly ScoringProfile _layout;
    private readonly ITimer? _timer;
    private readonly object _gate = new();
    private readonly SemaphoreSlim _saving = new(1, 1);
    private ProfileBuilder _builder;
    private readonly string _instance = Guid.NewGuid().ToString("N")[..8];
    private long _saves;

    internal ProfileRecorder(Model model, ProfileOptions options)
    {
        _options = options;
        var layout = options.Reference ?? ProfileLayout.FromModel(model.Document);
        var scored = ProfiledModel.Of(model.Document, options.Version);
        if (layout.Model.Name != scored.Name || layout.Model.Fingerprint != scored.Fingerprint ||
            !layout.Columns.Select(c => c.Name).SequenceEqual(model.Inputs.Select(i => i.Name)))
            throw new ArgumentException($"The reference profile is of model '{layout.Model.Name}' (fingerprint {layout.Model.Fingerprint}), not of the model being scored, '{scored.Name}' (fingerprint {scored.Fingerprint}).", nameof(options));
        _layout = layout with { Model = scored };
        _builder = new ProfileBuilder(_layout);
        if (options.Folder is { } folder)
        {
            Directory.CreateDirectory(folder);
            _timer = options.Clock.CreateTimer(_ => _ = SaveAsync(), null, options.SaveInterval, options.SaveInterval);
        }
    }

    /// <summary>Files saved so far.</summary>
    public long Saves => Interlocked.Read(ref _saves);

    /// <summary>The last error saving a file, or null.</summary>
    public Exception? LastError { get; private set; }

    internal void Add(ModelRow row, ReadOnlySpan<double> outputs)
    {
        var now = _options.Clock.GetUtcNow();
        lock (_gate) _builder.Add(row.Numbers, row.Categories, outputs, time: now);
    }

    /// <summary>The profile of the rows scored since the last <see cref="TakeProfile"/> or save.</summary>
    public ScoringProfile Snapshot()
    {
        lock (_gate) return _builder.ToProfile();
    }

    /// <summary>The profile of the rows since the last take or save, starting a new one.</summary>
    public ScoringProfile TakeProfile()
    {
        lock (_gate)
        {
            var profile = _builder.ToProfile();
            _builder = new ProfileBuilder(_layout);
            return profile;
        }
    }

    /// <summary>Saves the rows since the last save as a new file in the folder (nothing when no rows); returns the path or null.</summary>
    public async Task<string?> SaveAsync()
    {
        if (_options.Folder is not { } folder) return null;
        await _saving.WaitAsync().ConfigureAwait(false);
        try
        {
            var profile = TakeProfile();
            if (profile.Rows == 0) return null;
            var path = Path.Combine(folder, FileName(profile.Model.Name, _options.Clock.GetUtcNow(), _instance, Interlocked.Increment(ref _saves)));
            ProfileFormat.Write(profile, path);
            return path;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LastError = e;
            return null;
        }
        finally
        {
            _saving.Release();
        }
    }

    /// <summary>
    /// <c>&lt;model&gt;-&lt;UTC time&gt;-&lt;instance&gt;-&lt;n&gt;.profile.json</c>: instances of an app may share a folder
    /// (each has its own random id), and any set of the files merges.
    /// </summary>
    private static string FileName(string model, DateTimeOffset utc, string instance, long save) =>
        $"{model}-{PredictionLogFormat.Stamp(utc)}-{instance}-{save:D6}.profile.json";

    /// <summary>Stops saving on the interval and saves what is left.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_timer is not null) await _timer.DisposeAsync().ConfigureAwait(false);
        await SaveAsync().ConfigureAwait(false);
    }
}
