using System.Globalization;
using MLOps.Engine.Diagnostics;
using MLOps.Engine.Packages;
using MLOps.Engine.Reports;
using Octokit;
using Octokit.Internal;
using ProductHeaderValue = Octokit.ProductHeaderValue;

namespace MLOps.GitHub;

/// <summary>What reporting did and what went wrong (warnings only: reporting never changes the verdict).</summary>
public sealed record ReportOutcome(IReadOnlyList<string> Messages, IReadOnlyList<Diagnostic> Warnings);

/// <summary>
/// Reports models' build outputs to GitHub: per model a check run with annotations (or a commit status when the
/// token may not write checks), a section of the one sticky pull-request comment, and the job summary. The Markdown
/// comes from the engine (<see cref="PullRequestSummary"/>); this class only speaks GitHub's REST API.
/// </summary>
public sealed class GitHubReporter
{
    private readonly GitHubTarget _target;
    private readonly IGitHubClient _client;
    private readonly RetryPolicy _retries;
    /// <summary>When this reporter stops calling GitHub: retries are bounded per report, not only per request.</summary>
    private readonly DateTimeOffset _deadline;
    private bool _deadlinePassed;

    /// <param name="transport">The HTTP handler under the retries (tests: none; a loopback server stands in for GitHub).</param>
    public GitHubReporter(GitHubTarget target, RetryPolicy? retries = null, HttpMessageHandler? transport = null)
    {
        _target = target;
        _retries = retries ?? new RetryPolicy();
        _deadline = _retries.Now() + _retries.TotalBudget;
        var adapter = new HttpClientAdapter(() => new RetryHandler(new CredentialsToOrigin(transport ?? new SocketsHttpHandler(), target.ApiAddress), _retries, _deadline));
        var connection = new Connection(new ProductHeaderValue("mlops", typeof(GitHubReporter).Assembly.GetName().Version?.ToString(3)), target.ApiAddress,
            new InMemoryCredentialStore(new Credentials(target.Token)), adapter, new SimpleJsonSerializer());
        _client = new GitHubClient(connection);
    }

    /// <summary>Creates or updates the release of <paramref name="tag"/> with a model package, its model card (also the notes) and HTML report.</summary>
    public async Task<ReportOutcome> ReleaseAsync(string tag, IReadOnlyList<ReleaseAssets> packages)
    {
        var messages = new List<string>();
        var warnings = new List<Diagnostic>();
        foreach (var package in packages)
            await TryAsync(() => new GitHubReleases(_client, _target).PublishAsync(tag, package), $"publish the release '{tag}'", "contents: write", messages, warnings).ConfigureAwait(false);
        return Redacted(messages, warnings);
    }

    /// <summary>
    /// Opens the one retraining pull request from the request's branch with its reports, or updates the one already
    /// open (<see cref="RetrainPullRequests"/>); the pull request is null when GitHub refused (a warning says why).
    /// </summary>
    public async Task<(ReportOutcome Outcome, RetrainedPullRequest? PullRequest)> RetrainAsync(RetrainRequest request)
    {
        var messages = new List<string>();
        var warnings = new List<Diagnostic>();
        var (body, truncated) = RetrainBody.Render(request, _target.RunUrl);
        if (truncated)
            warnings.Add(new Diagnostic(DiagnosticCodes.RetrainBodyTruncated, Severity.Info,
                $"The reports are longer than a pull request's body may be ({RetrainBody.MaxLength.ToString("N0", CultureInfo.InvariantCulture)} characters): they are cut, with a link to the run's artifacts."));
        RetrainedPullRequest? pullRequest = null;
        await TryAsync(async () =>
        {
            pullRequest = await new RetrainPullRequests(_client, _target).PublishAsync(request, body).ConfigureAwait(false);
            return $"{pullRequest.Action.ToString().ToLowerInvariant()} pull request #{pullRequest.Number} from {request.HeadBranch}: {pullRequest.Url}";
        }, $"open or update the pull request from '{request.HeadBranch}'", "pull-requests: write", messages, warnings).ConfigureAwait(false);
        return (Redacted(messages, warnings), pullRequest);
    }

    public async Task<ReportOutcome> ReportAsync(IReadOnlyList<BuildOutputs> models)
    {
        var messages = new List<string>();
        var warnings = new List<Diagnostic>();
        var links = new ReportLinks(_target.RunUrl);
        var commentOn = await PullRequestToCommentOnAsync(messages, warnings).ConfigureAwait(false);
        foreach (var outputs in models)
        {
            // Whatever goes wrong with one model is a warning, never a crash: the exit code is the gate's.
            try
            {
                await ReportAsync(outputs, links, commentOn, messages, warnings).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                warnings.Add(GitHubFailures.ToWarning(e, $"report {outputs.Model}", "", _target));
            }
        }
        return Redacted(messages, warnings);
    }

    /// <summary>
    /// The pull request to comment on: none when the run's pull request is unknown, or when a number given from outside
    /// the event (a fork's artifact) belongs to a pull request whose head is not the commit the run built.
    /// </summary>
    private async Task<int?> PullRequestToCommentOnAsync(List<string> messages, List<Diagnostic> warnings)
    {
        if (_target.PullRequestUnknown)
            warnings.Add(new Diagnostic(DiagnosticCodes.PullRequestNotNamed, Severity.Warning,
                "This workflow_run is of a pull request that its event does not name (GitHub leaves workflow_run.pull_requests empty for a fork's pull request), so no comment is posted. Pass --pull-request with the number saved in the outputs artifact, as mlops-pr-report.yml does."));
        if (_target is not { PullRequest: { } number, PullRequestHeadToVerify: { } expected }) return _target.PullRequest;
        string? head = null;
        await TryAsync(async () =>
        {
            head = (await _client.PullRequest.Get(_target.Owner, _target.Repository, number).ConfigureAwait(false)).Head.Sha;
            return $"pull request #{number} has the head {head}";
        }, $"read pull request #{number}", "pull-requests: read", messages, warnings).ConfigureAwait(false);
        if (head is not null && head.Length > 0 && string.Equals(head, expected, StringComparison.OrdinalIgnoreCase)) return number;
        warnings.Add(new Diagnostic(DiagnosticCodes.PullRequestHeadMismatch, Severity.Warning, head is null
            ? $"No comment on pull request #{number}: whether it is the pull request this run built could not be checked."
            : $"No comment on pull request #{number}: its head is {head}, not the commit this run built ({(expected.Length > 0 ? expected : "unknown: the event has no workflow_run.head_sha")}). A pull request's artifact may not aim the comment at another one."));
        return null;
    }

    private async Task ReportAsync(BuildOutputs outputs, ReportLinks links, int? commentOn, List<string> messages, List<Diagnostic> warnings)
    {
        var title = PullRequestSummary.Title(outputs);
        var (annotations, leftOut) = Annotations.From(outputs.Diagnostics);
        var summary = PullRequestSummary.Render(outputs, links, CheckRuns.MaxSummaryLength - 300)
            + (leftOut > 0 ? $"\n{leftOut} diagnostic{(leftOut == 1 ? " is" : "s are")} not annotated (at most {Annotations.Cap} annotations, in files inside the repository); all are in the build log.\n" : "");
        if (leftOut > 0)
            warnings.Add(new Diagnostic(DiagnosticCodes.AnnotationsCapped, Severity.Info, $"{outputs.Model}: {leftOut} diagnostics left out of the annotations (at most {Annotations.Cap}, in files inside the repository)."));

        var checkRun = await TryAsync(() => new CheckRuns(_client, _target).PublishAsync(outputs, title, summary, annotations),
            $"write the check run '{CheckRuns.NameOf(outputs.Model)}'", "checks: write", messages, warnings, fallBack: true).ConfigureAwait(false);
        if (checkRun == Attempt.Refused)
        {
            warnings.Add(new Diagnostic(DiagnosticCodes.CheckRunFellBackToStatus, Severity.Warning,
                $"{outputs.Model}: the token may not write check runs (no 'checks: write', or a fork's pull request), so the verdict goes to the commit status '{CommitStatuses.ContextOf(outputs.Model)}' instead."));
            await TryAsync(() => new CommitStatuses(_client, _target).PublishAsync(outputs, title),
                $"set the commit status '{CommitStatuses.ContextOf(outputs.Model)}'", "statuses: write", messages, warnings).ConfigureAwait(false);
        }
        if (commentOn is { } number)
            await TryAsync(() => new StickyComments(_client, _target, number).PublishAsync(outputs.Model, PullRequestSummary.Render(outputs, links)),
                $"write the comment on pull request #{number}", "pull-requests: write", messages, warnings).ConfigureAwait(false);
        if (_target.StepSummaryPath is { Length: > 0 } stepSummary)
            await TryAsync(() => Task.FromResult($"{outputs.Model}: {JobSummary.Append(stepSummary, PullRequestSummary.Render(outputs, links))}"),
                $"append to the job summary {stepSummary}", "", messages, warnings, local: true).ConfigureAwait(false);
    }

    private ReportOutcome Redacted(List<string> messages, List<Diagnostic> warnings) =>
        new(messages.Select(Redact).ToArray(), warnings.Select(w => w with { Message = Redact(w.Message) }).ToArray());

    private enum Attempt { Done, Failed, Refused }

    /// <summary>
    /// Runs one reporting item, turning any failure into a warning. Past the total budget GitHub is not called again;
    /// <paramref name="local"/> work (the job summary, a file on the runner) is still done.
    /// </summary>
    private async Task<Attempt> TryAsync(Func<Task<string>> action, string what, string permission, List<string> messages, List<Diagnostic> warnings, bool fallBack = false, bool local = false)
    {
        if (!local && _retries.Now() >= _deadline)
        {
            if (!_deadlinePassed)
                warnings.Add(new Diagnostic(DiagnosticCodes.GitHubUnavailable, Severity.Warning,
                    $"Reporting stopped before it could {what}, and made no more calls to GitHub: it took longer than {_retries.TotalBudget.TotalMinutes:0.#} minutes in all, mostly waiting for GitHub. Report again later."));
            _deadlinePassed = true;
            return Attempt.Failed;
        }
        try
        {
            messages.Add(await action().ConfigureAwait(false));
            return Attempt.Done;
        }
        catch (Exception e)
        {
            if (fallBack && GitHubFailures.IsPermissionRefusal(e)) return Attempt.Refused;
            warnings.Add(GitHubFailures.ToWarning(e, what, permission, _target));
            return Attempt.Failed;
        }
    }

    /// <summary>The token never leaves this class, whatever an answer echoed.</summary>
    private string Redact(string text) => _target.Token.Length == 0 ? text : text.Replace(_target.Token, "***", StringComparison.Ordinal);
}
