namespace MLOps.Cli;

/// <summary>What every mlops command's exit code means (README, "The mlops tool").</summary>
internal static class ExitCodes
{
    /// <summary>Done, and no error was reported (warnings may have been).</summary>
    public const int Success = 0;
    /// <summary>The command reported errors: data that breaks its contract, a package that does not match its lineage, a file that cannot be read.</summary>
    public const int Errors = 1;
    /// <summary>The command line is not valid (MLOPS9003): an unknown command or option, a missing or malformed argument.</summary>
    public const int Usage = 2;
    /// <summary>mlops failed unexpectedly (MLOPS9001): a bug.</summary>
    public const int InternalError = 3;
    /// <summary>mlops diff: model B is significantly worse than model A on at least one metric.</summary>
    public const int SignificantlyWorse = 4;
    /// <summary>mlops status: at least one model's last build is stale (a build now would retrain, re-evaluate or re-gate it).</summary>
    public const int Stale = 5;
    /// <summary>mlops monitor: an input or the predictions drifted (performance not shown to be lower).</summary>
    public const int Drift = 6;
    /// <summary>mlops monitor: performance degraded, realized on labelled rows or estimated without labels.</summary>
    public const int Degraded = 7;
    /// <summary>Canceled by Ctrl+C (SIGINT) or SIGTERM (MLOPS2013): 128 + SIGINT, the shells' convention. Nothing partial was written.</summary>
    public const int Canceled = 130;
}
