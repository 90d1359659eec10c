using Octokit;

namespace MLOps.GitHub;

/// <summary>
/// The one open retraining pull request of a branch: opened when there is none, else its body updated (with a comment
/// saying what changed), labelled either way. Every step looks before it writes, so a re-run of the same run changes
/// nothing, and a create that failed with a 5xx after taking effect does not open a second one.
/// </summary>
internal sealed class RetrainPullRequests(IGitHubClient client, GitHubTarget target)
{
    public async Task<RetrainedPullRequest> PublishAsync(RetrainRequest request, string body)
    {
        var branch = request.HeadBranch;
        var open = await FindOpenAsync(branch).ConfigureAwait(false);
        if (open is null)
        {
            var into = request.Base ?? (await client.Repository.Get(target.Owner, target.Repository).ConfigureAwait(false)).DefaultBranch;
            try
            {
                var created = await Creation.OnceAsync(
                    () => client.PullRequest.Create(target.Owner, target.Repository, new NewPullRequest(RetrainBody.Title(request.Model), branch, into) { Body = body }),
                    () => FindOpenAsync(branch)).ConfigureAwait(false);
                await LabelAsync(created, request.Label).ConfigureAwait(false);
                return new RetrainedPullRequest(created.Number, created.HtmlUrl, RetrainAction.Created);
            }
            catch (ApiValidationException)
            {
                // GitHub refuses a second open pull request of one head and base: another run may have opened it meanwhile.
                open = await FindOpenAsync(branch).ConfigureAwait(false);
                if (open is null) throw;
            }
        }
        var action = RetrainBody.Same(open.Body, body) ? RetrainAction.Unchanged : RetrainAction.Updated;
        if (action == RetrainAction.Updated)
        {
            // The comment goes first: a re-run after a failed update finds it by the new body's hash and only updates.
            await AnnounceAsync(open.Number, RetrainBody.ChangedReports(open.Body, body), body).ConfigureAwait(false);
            await client.PullRequest.Update(target.Owner, target.Repository, open.Number, new PullRequestUpdate { Body = body }).ConfigureAwait(false);
        }
        await LabelAsync(open, request.Label).ConfigureAwait(false);
        return new RetrainedPullRequest(open.Number, open.HtmlUrl, action);
    }

    private async Task AnnounceAsync(int number, IReadOnlyList<string> changed, string body)
    {
        var marker = $"<!-- mlops:retrain-update:{RetrainBody.Hash(body)} -->";
        var run = target.RunUrl is null ? "A retraining run" : $"[A retraining run]({target.RunUrl})";
        var what = changed.Count == 0 ? "the reports are the same as before" : $"{string.Join(" and ", changed)} changed";
        var text = $"{marker}\n{run} updated this pull request's description: {what}.";
        if (await FindCommentAsync(number, marker).ConfigureAwait(false) is not null) return;
        await Creation.OnceAsync(() => client.Issue.Comment.Create(target.Owner, target.Repository, number, text),
            () => FindCommentAsync(number, marker)).ConfigureAwait(false);
    }

    private async Task LabelAsync(PullRequest pullRequest, string label)
    {
        if (label.Length == 0 || pullRequest.Labels?.Any(l => l.Name == label) == true) return;
        // Adding a label it has changes nothing, so after a 5xx it is simply sent once more (GitHub creates a missing label).
        await Creation.OnceAsync(() => client.Issue.Labels.AddToIssue(target.Owner, target.Repository, pullRequest.Number, [label]),
            () => Task.FromResult<IReadOnlyList<Label>?>(null)).ConfigureAwait(false);
    }

    /// <summary>The open pull request from <paramref name="branch"/> of this repository (the oldest, should there be several bases).</summary>
    private async Task<PullRequest?> FindOpenAsync(string branch) =>
        (await client.PullRequest.GetAllForRepository(target.Owner, target.Repository,
            new PullRequestRequest { State = ItemStateFilter.Open, Head = $"{target.Owner}:{branch}" }).ConfigureAwait(false))
        .Where(p => p.Head?.Ref == branch).OrderBy(p => p.Number).FirstOrDefault();

    private async Task<IssueComment?> FindCommentAsync(int number, string marker) =>
        (await client.Issue.Comment.GetAllForIssue(target.Owner, target.Repository, number).ConfigureAwait(false))
        .FirstOrDefault(c => c.Body?.Contains(marker, StringComparison.Ordinal) == true);
}
