namespace MLOps.Runtime.Monitoring;

/// <summary>How <see cref="ModelMonitoring.WithPredictionLog"/> logs what a model scores.</summary>
public sealed record PredictionLogOptions
{
    /// <summary>The folder of the log files (created when missing). Give each app instance its own: the oldest files beyond <see cref="MaxFiles"/> are deleted.</summary>
    public required string Folder { get; init; }
    /// <summary>The share of scored rows logged, 0 to 1 (default 1: every row).</summary>
    public double SampleRate { get; init; } = 1;
    /// <summary>A file reaching this size is closed and the next one started (default 64 MiB).</summary>
    public long MaxFileBytes { get; init; } = 64L << 20;
    /// <summary>How many files the folder keeps (default 20): with <see cref="MaxFileBytes"/>, the bound on the log's size.</summary>
    public int MaxFiles { get; init; } = 20;
    /// <summary>Records waiting for the writer at most (default 8192); a sampled row that finds the queue full is dropped and counted.</summary>
    public int QueueCapacity { get; init; } = 8192;
    /// <summary>The package version to write in each record (the runtime cannot know it).</summary>
    public string? Version { get; init; }
    /// <summary>The correlation key of a row (e.g. an order id the app keeps in a field), used when a score call gives none.</summary>
    public Func<ModelRow, string?>? CorrelationKey { get; init; }
    /// <summary>Which rows are sampled: the same seed and order of scoring samples the same rows.</summary>
    public ulong SamplingSeed { get; init; }
    /// <summary>The clock of the records' times and file names.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Opens a new log file; a test replaces it to stall the writer.</summary>
    internal Func<string, Stream> OpenFile { get; init; } = path => new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read);

    internal void Check()
    {
        if (string.IsNullOrWhiteSpace(Folder)) throw new ArgumentException("PredictionLogOptions.Folder is empty.", nameof(Folder));
        if (!(SampleRate is >= 0 and <= 1)) throw new ArgumentOutOfRangeException(nameof(SampleRate), SampleRate, "SampleRate is a share of rows, from 0 to 1.");
        if (MaxFileBytes < 1024) throw new ArgumentOutOfRangeException(nameof(MaxFileBytes), MaxFileBytes, "MaxFileBytes is at least 1024.");
        if (MaxFiles < 1) throw new ArgumentOutOfRangeException(nameof(MaxFiles), MaxFiles, "MaxFiles is at least 1.");
        if (QueueCapacity < 1) throw new ArgumentOutOfRangeException(nameof(QueueCapacity), QueueCapacity, "QueueCapacity is at least 1.");
    }
}
