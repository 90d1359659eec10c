using System.CommandLine;
using MLOps.Engine.Diagnostics;
using MLOps.GitHub;

namespace MLOps.Cli;

/// <summary>
/// The options every <c>mlops github</c> command shares, each defaulting to the GitHub Actions variable that holds it,
/// and how they resolve into a <see cref="GitHubTarget"/>.
/// </summary>
internal sealed class GitHubOptions
{
    public Option<string> TokenVariable { get; } = new("--token-variable") { Description = "The environment variable that holds the token (never the token itself on a command line).", DefaultValueFactory = _ => "GITHUB_TOKEN" };
    public Option<string?> ApiUrl { get; } = Setting("--api-url", "GITHUB_API_URL", "The REST API (GitHub Enterprise: https://host/api/v3 or https://host).");
    public Option<string?> Repository { get; } = Setting("--repository", "GITHUB_REPOSITORY", "owner/name.");
    public Option<string?> EventPath { get; } = Setting("--event-path", "GITHUB_EVENT_PATH", "The event JSON: pull request number and head SHA.");
    public Option<string?> Sha { get; } = Setting("--sha", "GITHUB_SHA", "The commit to report on (default: the pull request's head from the event, else GITHUB_SHA).");
    public Option<int?> PullRequest { get; } = new("--pull-request") { Description = "The pull request to comment on (default: from the event)." };
    public Option<string?> StepSummary { get; } = Setting("--step-summary", "GITHUB_STEP_SUMMARY", "The job summary file to append to.");
    public Option<string?> RunId { get; } = Setting("--run-id", "GITHUB_RUN_ID", "The workflow run, linked for the HTML report artifact.");
    public Option<string?> ServerUrl { get; } = Setting("--server-url", "GITHUB_SERVER_URL", "The GitHub web address (default https://github.com).");
    public Option<string?> Configuration { get; } = new("--configuration", "-c") { Description = "The configuration the project was built in (default: the project's)." };

    /// <summary>The options that say where and as whom (every command), plus the configuration.</summary>
    public IEnumerable<Option> Connection => [TokenVariable, ApiUrl, Repository, Configuration];

    /// <summary>The options about the commit, pull request and run (report).</summary>
    public IEnumerable<Option> Run => [EventPath, Sha, PullRequest, StepSummary, RunId, ServerUrl];

    /// <summary>Where and as whom to report; null (with errors) when a setting is missing. A release needs no commit.</summary>
    public GitHubTarget? Resolve(ParseResult parse, DiagnosticBag diagnostics, bool needsCommit)
    {
        var variable = parse.GetValue(TokenVariable)!;
        var token = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrEmpty(token))
            diagnostics.Error(DiagnosticCodes.GitHubSettingMissing, $"No token: the environment variable {variable} is not set. In Actions: 'env: {variable}: ${{{{ secrets.GITHUB_TOKEN }}}}'.");
        var ownerAndName = parse.GetValue(Repository)?.Split('/');
        if (ownerAndName is not [{ Length: > 0 }, { Length: > 0 }])
            diagnostics.Error(DiagnosticCodes.GitHubSettingMissing, "No repository: set GITHUB_REPOSITORY or pass --repository owner/name.");
        var actionsEvent = needsCommit ? ReadEvent(parse.GetValue(EventPath), diagnostics) : new ActionsEvent(null, null);
        var commit = parse.GetResult(Sha) is { Implicit: false } ? parse.GetValue(Sha) : actionsEvent.HeadSha ?? parse.GetValue(Sha);
        if (needsCommit && string.IsNullOrEmpty(commit))
            diagnostics.Error(DiagnosticCodes.GitHubSettingMissing, "No commit: set GITHUB_SHA, GITHUB_EVENT_PATH or pass --sha.");
        Uri? api = null;
        try
        {
            api = ApiAddress.For(parse.GetValue(ApiUrl));
        }
        catch (UriFormatException)
        {
            diagnostics.Error(DiagnosticCodes.GitHubSettingMissing, $"--api-url / GITHUB_API_URL '{parse.GetValue(ApiUrl)}' is not an absolute URL.");
        }
        if (diagnostics.HasErrors) return null;
        var (owner, name) = (ownerAndName![0], ownerAndName[1]);
        var server = (parse.GetValue(ServerUrl) ?? "https://github.com").TrimEnd('/');
        var given = parse.GetValue(PullRequest);
        var pullRequest = given ?? actionsEvent.PullRequest;
        return new GitHubTarget(token!, api!, owner, name, commit ?? "")
        {
            PullRequest = pullRequest,
            PullRequestHeadToVerify = actionsEvent.IsPullRequestRun && given is not null && given != actionsEvent.PullRequest ? actionsEvent.HeadSha ?? "" : null,
            PullRequestUnknown = actionsEvent.IsPullRequestRun && pullRequest is null,
            RunUrl = parse.GetValue(RunId) is { Length: > 0 } run ? $"{server}/{owner}/{name}/actions/runs/{run}" : null,
            StepSummaryPath = parse.GetValue(StepSummary),
        };
    }

    /// <summary>An option whose default is an environment variable of GitHub Actions.</summary>
    public static Option<string?> Setting(string name, string variable, string description) => new(name)
    {
        Description = $"{description} Default: ${variable}.",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value ? value : null,
    };

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
