using MLOps.Engine.Reports;
using Octokit;

namespace MLOps.GitHub;

/// <summary>The commit status <c>mlops/&lt;model&gt;</c>: what branch protection can require when check runs cannot be written.</summary>
internal sealed class CommitStatuses(IGitHubClient client, GitHubTarget target)
{
    public static string ContextOf(string model) => $"mlops/{model}";

    public async Task<string> PublishAsync(BuildOutputs outputs, string title)
    {
        var state = outputs.Verdict == BuildVerdict.Failed ? CommitState.Failure : CommitState.Success;
        await client.Repository.Status.Create(target.Owner, target.Repository, target.Sha, new NewCommitStatus
        {
            State = state,
            Context = ContextOf(outputs.Model),
            Description = title.Length <= 140 ? title : title[..139] + "…", // GitHub's limit
            TargetUrl = target.RunUrl,
        }).ConfigureAwait(false);
        return $"set commit status '{ContextOf(outputs.Model)}' ({state.ToString().ToLowerInvariant()})";
    }
}
