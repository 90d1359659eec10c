namespace MLOps.GitHub;

/// <summary>
/// What <c>mlops github retrain-pr</c> was given: the model, the Markdown of the monitoring report that called for
/// retraining and of the retrained model's gate report, and where the pull request goes.
/// </summary>
public sealed record RetrainRequest(string Model, string MonitoringReport, string GateReport)
{
    /// <summary>The branch the workflow pushed the retrained data to; default <c>mlops/retrain-&lt;model&gt;</c>.</summary>
    public string? Branch { get; init; }

    /// <summary>The branch to merge into; default the repository's default branch.</summary>
    public string? Base { get; init; }

    public string Label { get; init; } = DefaultLabel;

    public const string DefaultLabel = "mlops-retrain";

    public string HeadBranch => Branch ?? $"mlops/retrain-{Model}";

    /// <summary>Why <paramref name="branch"/> cannot be a git branch name (git check-ref-format's rules), or null when it can.</summary>
    public static string? BranchProblem(string branch) => branch switch
    {
        { Length: 0 } => "it is empty",
        _ when branch.Any(c => char.IsControl(c) || c is ' ' or '~' or '^' or ':' or '?' or '*' or '[' or '\\') => "it holds a space or one of ~ ^ : ? * [ \\",
        _ when branch.Contains("..", StringComparison.Ordinal) || branch.Contains("@{", StringComparison.Ordinal) || branch.Contains("//", StringComparison.Ordinal) => "it holds '..', '@{' or '//'",
        _ when branch.StartsWith('/') || branch.EndsWith('/') || branch.EndsWith('.') || branch.EndsWith(".lock", StringComparison.Ordinal) || branch.Split('/').Any(p => p.StartsWith('.')) => "it starts or ends with '/', ends with '.' or '.lock', or a part starts with '.'",
        _ => null,
    };
}

public enum RetrainAction { Created, Updated, Unchanged }

/// <summary>The retraining pull request after <c>retrain-pr</c>: what was done to it.</summary>
public sealed record RetrainedPullRequest(int Number, string Url, RetrainAction Action);
