using System.Net;
using MLOps.Engine.Diagnostics;
using Octokit;

namespace MLOps.GitHub;

/// <summary>What GitHub answered, as a coded warning that says what to fix. Reporting goes on with the next thing.</summary>
internal static class GitHubFailures
{
    /// <summary>
    /// A warning for a failed <paramref name="action"/> (e.g. "create the check run 'MLOps: Churn'") that needs
    /// <paramref name="permission"/> (e.g. <c>checks: write</c>).
    /// </summary>
    public static Diagnostic ToWarning(Exception e, string action, string permission, GitHubTarget target) => e switch
    {
        _ when IsRateLimit(e) => Warn(DiagnosticCodes.GitHubUnavailable,
            $"Could not {action}: GitHub's rate limit was still exceeded after waiting as long as reporting may ({Reason(e)}). Report again later, or spread reports out."),
        AuthorizationException => Warn(DiagnosticCodes.GitHubUnauthorized,
            $"Could not {action}: GitHub refused the token (401: missing, expired or revoked). In Actions, pass the job's token: 'env: GITHUB_TOKEN: ${{{{ secrets.GITHUB_TOKEN }}}}'."),
        ForbiddenException => Warn(DiagnosticCodes.GitHubForbidden,
            $"Could not {action}: the token lacks '{permission}' (403: {Reason(e)}). Give the job 'permissions: {permission}'; a fork's pull request gets a read-only token, so report from a workflow_run workflow (docs/github.md)."),
        NotFoundException => Warn(DiagnosticCodes.GitHubNotFound,
            $"Could not {action}: {target.Owner}/{target.Repository} or the commit or pull request was not found at {target.ApiAddress} (404), or the token cannot see it. Check GITHUB_REPOSITORY, the SHA and --api-url."),
        ApiValidationException => Warn(DiagnosticCodes.GitHubRejected,
            $"Could not {action}: GitHub rejected the request (422: {Reason(e)}). The build log has everything; if the message names a field mlops sent, please report it as a bug."),
        ApiException { StatusCode: >= HttpStatusCode.InternalServerError } => Warn(DiagnosticCodes.GitHubUnavailable,
            $"Could not {action}: GitHub answered {(int)((ApiException)e).StatusCode} ({Reason(e)}) after the retries that are safe (a create is sent again only when GitHub shows it did not happen). Report again later."),
        ApiException api => Warn(DiagnosticCodes.GitHubRejected,
            $"Could not {action}: GitHub answered {(int)api.StatusCode} ({Reason(e)})."),
        HttpRequestException or TaskCanceledException => Warn(DiagnosticCodes.GitHubUnavailable,
            $"Could not {action}: GitHub could not be reached at {target.ApiAddress} after every retry ({e.GetType().Name}: {e.Message}). Report again later."),
        _ => Warn(DiagnosticCodes.ReportingFailed, $"Could not {action} ({e.GetType().Name}: {e.Message})."),
    };

    /// <summary>Whether GitHub refused for lack of permission (not a rate limit): the cue to fall back to a commit status.</summary>
    public static bool IsPermissionRefusal(Exception e) => e is ForbiddenException && !IsRateLimit(e);

    /// <summary>
    /// A rate limit, as Octokit recognizes it or as the answer's headers say (a 403 with <c>Retry-After</c> or no
    /// requests left): GitHub words some, e.g. abuse detection, so that Octokit takes them for a refusal.
    /// </summary>
    private static bool IsRateLimit(Exception e) => e is RateLimitExceededException or SecondaryRateLimitExceededException
        || (e is ApiException { StatusCode: HttpStatusCode.Forbidden, HttpResponse.Headers: { } headers }
            && headers.Any(h => h.Key.Equals("Retry-After", StringComparison.OrdinalIgnoreCase)
                || (h.Key.Equals("x-ratelimit-remaining", StringComparison.OrdinalIgnoreCase) && h.Value == "0")));

    private static string Reason(Exception e) => e is ApiException { ApiError.Message: { Length: > 0 } message } ? message : e.Message;

    private static Diagnostic Warn(string code, string message) => new(code, Severity.Warning, message);
}
