using MLOps.Engine.Diagnostics;

namespace MLOps.GitHub;

/// <summary>
/// What a front end (the mlops tool, the Cake addin) was told about where and as whom to report. Whatever is not set
/// comes from the variables GitHub Actions sets (GITHUB_TOKEN or the named variable, GITHUB_API_URL, GITHUB_REPOSITORY,
/// GITHUB_EVENT_PATH, GITHUB_SHA, GITHUB_STEP_SUMMARY, GITHUB_RUN_ID, GITHUB_SERVER_URL), so it works the same from any CI.
/// </summary>
public sealed record GitHubSettings
{
    /// <summary>The environment variable that holds the token (never the token itself: it would show in logs and process lists).</summary>
    public string TokenVariable { get; init; } = "GITHUB_TOKEN";
    public string? ApiUrl { get; init; }
    /// <summary><c>owner/name</c>.</summary>
    public string? Repository { get; init; }
    public string? EventPath { get; init; }
    /// <summary>The commit to report on; default: the pull request's head from the event, else GITHUB_SHA.</summary>
    public string? Sha { get; init; }
    /// <summary>The pull request to comment on; default: from the event.</summary>
    public int? PullRequest { get; init; }
    public string? StepSummary { get; init; }
    public string? RunId { get; init; }
    public string? ServerUrl { get; init; }

    /// <summary>Where and as whom to report; null (with errors) when a setting is missing. A release needs no commit.</summary>
    public GitHubTarget? Resolve(DiagnosticBag diagnostics, bool needsCommit, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        string? Env(string variable) => environment(variable) is { Length: > 0 } value ? value : null;
        var token = Env(TokenVariable);
        if (token is null)
            diagnostics.Error(DiagnosticCodes.GitHubSettingMissing, $"No token: the environment variable {TokenVariable} is not set. In Actions: 'env: {TokenVariable}: ${{{{ secrets.GITHUB_TOKEN }}}}'.");
        var ownerAndName = (Repository ?? Env("GITHUB_REPOSITORY"))?.Split('/');
        if (ownerAndName is not [{ Length: > 0 }, { Length: > 0 }])
            diagnostics.Error(DiagnosticCodes.GitHubSettingMissing, "No repository: set GITHUB_REPOSITORY or pass the repository as owner/name.");
        var actionsEvent = needsCommit ? ReadEvent(EventPath ?? Env("GITHUB_EVENT_PATH"), diagnostics) : new ActionsEvent(null, null);
        // On a pull request GITHUB_SHA is a merge commit: the event's head is where checks belong, unless a commit is given.
        var commit = Sha ?? actionsEvent.HeadSha ?? Env("GITHUB_SHA");
        if (needsCommit && commit is null)
            diagnostics.Error(DiagnosticCodes.GitHubSettingMissing, "No commit: set GITHUB_SHA, GITHUB_EVENT_PATH or pass the commit (--sha).");
        var apiUrl = ApiUrl ?? Env("GITHUB_API_URL");
        Uri? api = null;
        try
        {
            api = ApiAddress.For(apiUrl);
        }
        catch (UriFormatException)
        {
            diagnostics.Error(DiagnosticCodes.GitHubSettingMissing, $"The API address (--api-url / GITHUB_API_URL) '{apiUrl}' is not an absolute URL.");
        }
        if (diagnostics.HasErrors) return null;
        var (owner, name) = (ownerAndName![0], ownerAndName[1]);
        var server = (ServerUrl ?? Env("GITHUB_SERVER_URL") ?? "https://github.com").TrimEnd('/');
        var pullRequest = PullRequest ?? actionsEvent.PullRequest;
        return new GitHubTarget(token!, api!, owner, name, commit ?? "")
        {
            PullRequest = pullRequest,
            PullRequestHeadToVerify = actionsEvent.IsPullRequestRun && PullRequest is not null && PullRequest != actionsEvent.PullRequest ? actionsEvent.HeadSha ?? "" : null,
            PullRequestUnknown = actionsEvent.IsPullRequestRun && pullRequest is null,
            RunUrl = (RunId ?? Env("GITHUB_RUN_ID")) is { } run ? $"{server}/{owner}/{name}/actions/runs/{run}" : null,
            StepSummaryPath = StepSummary ?? Env("GITHUB_STEP_SUMMARY"),
        };
    }

    /// <summary>The pull request and head commit from the event file; nothing when there is none.</summary>
    private static ActionsEvent ReadEvent(string? path, DiagnosticBag diagnostics)
    {
        if (path is null) return new ActionsEvent(null, null);
        try
        {
            return ActionsEvent.Read(path);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            diagnostics.Error(DiagnosticCodes.EventFileUnreadable, $"The event file (GITHUB_EVENT_PATH / --event-path) could not be read: {e.Message}", path);
            return new ActionsEvent(null, null);
        }
    }
}
