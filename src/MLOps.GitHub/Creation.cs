using System.Net;
using Octokit;

namespace MLOps.GitHub;

/// <summary>
/// Creating something on GitHub (a check run, a comment, a release) at most once. A POST that failed with a 5xx or a
/// broken connection may have taken effect all the same, and a duplicate is worse than a failed report: so look
/// whether it is there before sending it again, once.
/// </summary>
internal static class Creation
{
    public static async Task<T> OnceAsync<T>(Func<Task<T>> create, Func<Task<T?>> lookUp) where T : class
    {
        try
        {
            return await create().ConfigureAwait(false);
        }
        catch (Exception e) when (MayHaveTakenEffect(e))
        {
            return await lookUp().ConfigureAwait(false) ?? await create().ConfigureAwait(false);
        }
    }

    /// <summary>A failure after which GitHub may have done what was asked: a server error or no answer at all.</summary>
    private static bool MayHaveTakenEffect(Exception e) =>
        e is ApiException { StatusCode: >= HttpStatusCode.InternalServerError } or HttpRequestException or TaskCanceledException;
}
