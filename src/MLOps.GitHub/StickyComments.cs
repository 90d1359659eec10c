using MLOps.Engine.Reports;
using Octokit;

namespace MLOps.GitHub;

/// <summary>
/// The one MLOps comment on a pull request, found by its hidden marker across every page of the comments and
/// updated in place. When two jobs create one at once, both see two afterwards: the oldest is kept with every
/// model's section, and the other is deleted. GitHub has no conditional update, so two jobs updating one comment at
/// once can overwrite each other's section: each reads the comment back and writes again until its own section is there.
/// </summary>
internal sealed class StickyComments(IGitHubClient client, GitHubTarget target, int pullRequest)
{
    /// <summary>Writes at most this often while other jobs keep overwriting the section.</summary>
    public const int MaxWrites = 5;

    public async Task<string> PublishAsync(string model, string section)
    {
        for (var write = 1; ; write++)
        {
            var outcome = await WriteAsync(model, section).ConfigureAwait(false);
            // A pause before reading back lets a concurrent write land first (read at once, ours would look safe and be
            // overwritten after); its jitter keeps two jobs that collided from colliding again.
            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(200, 600) * write)).ConfigureAwait(false);
            var ours = await OursAsync().ConfigureAwait(false);
            if (ours.Count > 0 && PullRequestComment.WithSection(ours[0].Body, model, section) == ours[0].Body) return outcome;
            if (write == MaxWrites)
                throw new IOException($"another job overwrote the section of {model} {MaxWrites} times in a row");
        }
    }

    private async Task<string> WriteAsync(string model, string section)
    {
        var ours = await OursAsync().ConfigureAwait(false);
        var created = false;
        if (ours.Count == 0)
        {
            await Creation.OnceAsync(() => client.Issue.Comment.Create(target.Owner, target.Repository, pullRequest, PullRequestComment.WithSection(null, model, section)),
                async () => (await OursAsync().ConfigureAwait(false)).FirstOrDefault()).ConfigureAwait(false);
            created = true;
            ours = await OursAsync().ConfigureAwait(false); // another job may have created one meanwhile
        }
        var kept = ours[0];
        var body = ours.Skip(1).Aggregate(kept.Body, (merged, other) => PullRequestComment.Merge(merged, other.Body));
        body = PullRequestComment.WithSection(body, model, section);
        if (body != kept.Body) await client.Issue.Comment.Update(target.Owner, target.Repository, kept.Id, body).ConfigureAwait(false);
        foreach (var duplicate in ours.Skip(1))
        {
            try
            {
                await client.Issue.Comment.Delete(target.Owner, target.Repository, duplicate.Id).ConfigureAwait(false);
            }
            catch (NotFoundException)
            {
                // The other job deleted it first.
            }
        }
        var what = created && ours.Count == 1 ? "created" : body != kept.Body ? "updated" : "left unchanged";
        return $"{what} the comment on pull request #{pullRequest}{(ours.Count > 1 ? $" (and deleted {ours.Count - 1} duplicate{(ours.Count == 2 ? "" : "s")} from a concurrent report)" : "")}";
    }

    /// <summary>Our comments, oldest first; Octokit follows the <c>Link</c> headers through every page.</summary>
    private async Task<IReadOnlyList<IssueComment>> OursAsync() =>
        (await client.Issue.Comment.GetAllForIssue(target.Owner, target.Repository, pullRequest).ConfigureAwait(false))
            .Where(c => PullRequestComment.IsOurs(c.Body)).OrderBy(c => c.Id).ToArray();
}
