namespace MLOps.Runtime.Monitoring;

/// <summary>How <see cref="ModelMonitoring.WithProfile"/> profiles what a model scores.</summary>
public sealed record ProfileOptions
{
    /// <summary>
    /// The package's reference profile (<c>&lt;ModelName&gt;.profile.json</c>, copied beside the model), whose bins the
    /// profile counts on. Null: <see cref="ProfileLayout.FromModel"/>, which compares with the reference less finely.
    /// </summary>
    public ScoringProfile? Reference { get; init; }
    /// <summary>Where to save a profile every <see cref="SaveInterval"/> (one file per interval, to merge later), or null to only keep it in memory.</summary>
    public string? Folder { get; init; }
    /// <summary>How often the profile of the rows scored since the last save is saved (default 5 minutes).</summary>
    public TimeSpan SaveInterval { get; init; } = TimeSpan.FromMinutes(5);
    /// <summary>The package version to write in the profile.</summary>
    public string? Version { get; init; }
    /// <summary>The clock of the profile's times, file names and saves.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}
