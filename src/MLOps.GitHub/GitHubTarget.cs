namespace MLOps.GitHub;

/// <summary>
/// Where and as whom to report: what GitHub Actions puts in the environment (GITHUB_TOKEN, GITHUB_API_URL,
/// GITHUB_REPOSITORY, GITHUB_EVENT_PATH, GITHUB_SHA, GITHUB_STEP_SUMMARY, GITHUB_RUN_ID, GITHUB_SERVER_URL), resolved by the front end.
/// </summary>
public sealed record GitHubTarget(string Token, Uri ApiAddress, string Owner, string Repository, string Sha)
{
    /// <summary>The pull request to comment on; none (a push, say) means no comment.</summary>
    public int? PullRequest { get; init; }

    /// <summary>
    /// The head commit <see cref="PullRequest"/> must have for the comment to go there (empty: none is known, so refuse):
    /// set when the number came from outside the event (a fork's artifact), so that a fork cannot aim the comment at another pull request.
    /// </summary>
    public string? PullRequestHeadToVerify { get; init; }

    /// <summary>The run is of a pull request that the event does not name (a fork's, in a <c>workflow_run</c>) and none was given.</summary>
    public bool PullRequestUnknown { get; init; }

    /// <summary>The workflow run (<c>{server}/{owner}/{repo}/actions/runs/{id}</c>): where the HTML report is, as an artifact.</summary>
    public string? RunUrl { get; init; }

    /// <summary>The job summary file (<c>GITHUB_STEP_SUMMARY</c>), appended to.</summary>
    public string? StepSummaryPath { get; init; }

    /// <summary>The token never appears in a record's printout.</summary>
    public override string ToString() => $"{Owner}/{Repository}@{Sha} via {ApiAddress}";
}
