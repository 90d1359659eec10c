using System.CommandLine;
using MLOps.Engine.Diagnostics;
using MLOps.GitHub;

namespace MLOps.Cli;

/// <summary>
/// The options every <c>mlops github</c> command shares, each defaulting to the GitHub Actions variable that holds it
/// (<see cref="GitHubSettings"/> resolves them, as for the Cake addin).
/// </summary>
internal sealed class GitHubOptions
{
    public Option<string> TokenVariable { get; } = new("--token-variable") { Description = "The environment variable that holds the token (never the token itself on a command line).", DefaultValueFactory = _ => "GITHUB_TOKEN" };
    public Option<string?> ApiUrl { get; } = Setting("--api-url", "GITHUB_API_URL", "The REST API (GitHub Enterprise: https://host/api/v3 or https://host).");
    public Option<string?> Repository { get; } = Setting("--repository", "GITHUB_REPOSITORY", "owner/name.");
    public Option<string?> EventPath { get; } = Setting("--event-path", "GITHUB_EVENT_PATH", "The event JSON: pull request number and head SHA.");
    public Option<string?> Sha { get; } = new("--sha") { Description = "The commit to report on. Default: the pull request's head from the event, else $GITHUB_SHA." };
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
    public GitHubTarget? Resolve(ParseResult parse, DiagnosticBag diagnostics, bool needsCommit) => new GitHubSettings
    {
        TokenVariable = parse.GetValue(TokenVariable)!,
        ApiUrl = parse.GetValue(ApiUrl),
        Repository = parse.GetValue(Repository),
        EventPath = parse.GetValue(EventPath),
        Sha = parse.GetValue(Sha),
        PullRequest = parse.GetValue(PullRequest),
        StepSummary = parse.GetValue(StepSummary),
        RunId = parse.GetValue(RunId),
        ServerUrl = parse.GetValue(ServerUrl),
    }.Resolve(diagnostics, needsCommit);

    /// <summary>An option given on the command line, or else read from an environment variable (by the settings, or here for <c>--tag</c>).</summary>
    public static Option<string?> Setting(string name, string variable, string description, bool readHere = false) => new(name)
    {
        Description = $"{description} Default: ${variable}.",
        DefaultValueFactory = readHere ? _ => Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value ? value : null : null,
    };
}
