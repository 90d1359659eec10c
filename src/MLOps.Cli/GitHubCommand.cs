using System.CommandLine;
using MLOps.Engine.Diagnostics;
using MLOps.Engine.Reports;
using MLOps.GitHub;

namespace MLOps.Cli;

/// <summary>The exit codes of <c>mlops github report</c>: the gate's verdict, not reporting's (docs/github.md).</summary>
internal static class ReportExitCodes
{
    public const int Passed = 0;
    public const int Failed = 1;
    public const int Inconclusive = 2;
    public const int UsageError = 3;
    public const int ReportingFailed = 4;
}

/// <summary><c>mlops github report</c>: posts a model's last build to GitHub (check run, sticky comment, status, job summary).</summary>
internal static class GitHubCommand
{
    public static Command Create() => new("github", "Reports model builds to GitHub.") { CreateReport() };

    /// <summary>Whether a parse result belongs to these commands (their usage errors exit with <see cref="ReportExitCodes.UsageError"/>).</summary>
    public static bool Owns(ParseResult parse) => parse.CommandResult.Command.Name == "report" && parse.CommandResult.Parent is System.CommandLine.Parsing.CommandResult { Command.Name: "github" };

    private static Command CreateReport()
    {
        var target = new Argument<string>("project-or-folder") { Description = "A model project (its last build's outputs are found through dotnet msbuild), or a folder of build outputs (<model>.gate.json, .metrics.json, .diagnostics.json, …)." };
        var tokenVariable = new Option<string>("--token-variable") { Description = "The environment variable that holds the token (never the token itself on a command line).", DefaultValueFactory = _ => "GITHUB_TOKEN" };
        var apiUrl = Setting("--api-url", "GITHUB_API_URL", "The REST API (GitHub Enterprise: https://host/api/v3 or https://host).");
        var repository = Setting("--repository", "GITHUB_REPOSITORY", "owner/name.");
        var eventPath = Setting("--event-path", "GITHUB_EVENT_PATH", "The event JSON: pull request number and head SHA.");
        var sha = Setting("--sha", "GITHUB_SHA", "The commit to report on (default: the pull request's head from the event, else GITHUB_SHA).");
        var pullRequest = new Option<int?>("--pull-request") { Description = "The pull request to comment on (default: from the event)." };
        var stepSummary = Setting("--step-summary", "GITHUB_STEP_SUMMARY", "The job summary file to append to.");
        var runId = Setting("--run-id", "GITHUB_RUN_ID", "The workflow run, linked for the HTML report artifact.");
        var serverUrl = Setting("--server-url", "GITHUB_SERVER_URL", "The GitHub web address (default https://github.com).");
        var configuration = new Option<string?>("--configuration", "-c") { Description = "The configuration the project was built in (default: the project's)." };
        var strict = new Option<bool>("--strict") { Description = "A reporting failure fails the command too (exit 4), not only a warning." };
        var command = new Command("report", """
            Reports the last build of a model project to GitHub: a check run 'MLOps: <model>' with the verdict, a summary and
            annotations at the data files' lines, one sticky pull-request comment with a section per model, a commit status
            'mlops/<model>' when check runs cannot be written, and the job summary. Settings come from the GitHub Actions
            environment; every one can be given as an option. Exits with the gate's verdict: 0 passed, 1 failed, 2 only
            inconclusive or skipped gates, 3 usage error; reporting failures are warnings unless --strict (then 4).
            Example: mlops github report Churn.mlproj
            """) { target, tokenVariable, apiUrl, repository, eventPath, sha, pullRequest, stepSummary, runId, serverUrl, configuration, strict };
        command.SetAction(async (parse, cancellation) =>
        {
            var diagnostics = new DiagnosticBag(int.MaxValue);
            var models = ReadOutputs(parse.GetValue(target)!, parse.GetValue(configuration), diagnostics);
            var settings = ResolveTarget(parse, diagnostics, tokenVariable, apiUrl, repository, eventPath, sha, pullRequest, stepSummary, runId, serverUrl);
            if (models is null || settings is null) return Fail(diagnostics);

            var outcome = await new GitHubReporter(settings).ReportAsync(models).ConfigureAwait(false);
            foreach (var message in outcome.Messages) Console.Error.WriteLine(message);
            foreach (var warning in outcome.Warnings) Console.Error.WriteLine(warning);
            var verdict = models.Any(m => m.Verdict == BuildVerdict.Failed) ? ReportExitCodes.Failed
                : models.All(m => m.Verdict == BuildVerdict.Inconclusive) ? ReportExitCodes.Inconclusive
                : ReportExitCodes.Passed;
            foreach (var model in models) Console.Out.WriteLine(PullRequestSummary.Title(model));
            return parse.GetValue(strict) && verdict != ReportExitCodes.Failed && outcome.Warnings.Any(w => w.Severity == Severity.Warning) ? ReportExitCodes.ReportingFailed : verdict;
        });
        return command;
    }

    /// <summary>An option whose default is an environment variable of GitHub Actions.</summary>
    private static Option<string?> Setting(string name, string variable, string description) => new(name)
    {
        Description = $"{description} Default: ${variable}.",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value ? value : null,
    };

    private static IReadOnlyList<BuildOutputs>? ReadOutputs(string path, string? configuration, DiagnosticBag diagnostics)
    {
        var full = Path.GetFullPath(path);
        IReadOnlyList<OutputPaths> paths = Directory.Exists(full) ? OutputPaths.InFolder(full)
            : File.Exists(full) && ProjectOutputs.Find(full, configuration, diagnostics) is { } project ? [project]
            : [];
        if (diagnostics.HasErrors) return null;
        var models = paths.Select(BuildOutputs.Read).Where(m => m.Exists).ToArray();
        if (models.Length > 0) return models;
        diagnostics.Error(DiagnosticCodes.BuildOutputsNotFound, File.Exists(full) || Directory.Exists(full)
            ? $"{path} has no build outputs to report (<model>.gate.json, .metrics.json or .diagnostics.json): build the project first, or download the outputs artifact."
            : $"{path} does not exist.", path);
        return null;
    }

    private static GitHubTarget? ResolveTarget(ParseResult parse, DiagnosticBag diagnostics, Option<string> tokenVariable, Option<string?> apiUrl, Option<string?> repository,
        Option<string?> eventPath, Option<string?> sha, Option<int?> pullRequest, Option<string?> stepSummary, Option<string?> runId, Option<string?> serverUrl)
    {
        var variable = parse.GetValue(tokenVariable)!;
        var token = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrEmpty(token))
            diagnostics.Error(DiagnosticCodes.GitHubSettingMissing, $"No token: the environment variable {variable} is not set. In Actions: 'env: {variable}: ${{{{ secrets.GITHUB_TOKEN }}}}'.");
        var ownerAndName = parse.GetValue(repository)?.Split('/');
        if (ownerAndName is not [{ Length: > 0 }, { Length: > 0 }])
            diagnostics.Error(DiagnosticCodes.GitHubSettingMissing, "No repository: set GITHUB_REPOSITORY or pass --repository owner/name.");
        var actionsEvent = ReadEvent(parse.GetValue(eventPath), diagnostics);
        var commit = parse.GetValue(sha) is { } explicitSha && parse.GetResult(sha) is { Implicit: false } ? explicitSha : actionsEvent.HeadSha ?? parse.GetValue(sha);
        if (string.IsNullOrEmpty(commit))
            diagnostics.Error(DiagnosticCodes.GitHubSettingMissing, "No commit: set GITHUB_SHA, GITHUB_EVENT_PATH or pass --sha.");
        Uri? api = null;
        try
        {
            api = ApiAddress.For(parse.GetValue(apiUrl));
        }
        catch (UriFormatException)
        {
            diagnostics.Error(DiagnosticCodes.GitHubSettingMissing, $"--api-url / GITHUB_API_URL '{parse.GetValue(apiUrl)}' is not an absolute URL.");
        }
        if (diagnostics.HasErrors) return null;
        var (owner, name) = (ownerAndName![0], ownerAndName[1]);
        var server = (parse.GetValue(serverUrl) ?? "https://github.com").TrimEnd('/');
        return new GitHubTarget(token!, api!, owner, name, commit!)
        {
            PullRequest = parse.GetValue(pullRequest) ?? actionsEvent.PullRequest,
            RunUrl = parse.GetValue(runId) is { Length: > 0 } run ? $"{server}/{owner}/{name}/actions/runs/{run}" : null,
            StepSummaryPath = parse.GetValue(stepSummary),
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

    private static int Fail(DiagnosticBag diagnostics)
    {
        Output.Report(diagnostics);
        return ReportExitCodes.UsageError;
    }
}
