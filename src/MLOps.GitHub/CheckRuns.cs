using MLOps.Engine.Reports;
using Octokit;

namespace MLOps.GitHub;

/// <summary>
/// The check run <c>MLOps: &lt;model&gt;</c> on the head commit: created once, then updated in place (found by name on
/// the commit), with annotations sent 50 a request by updating the run.
/// </summary>
internal sealed class CheckRuns(IGitHubClient client, GitHubTarget target)
{
    /// <summary>GitHub's limit for a check run's summary.</summary>
    public const int MaxSummaryLength = 65_535;

    public static string NameOf(string model) => $"MLOps: {model}";

    /// <summary>Creates or updates the run; returns what it did, for the log.</summary>
    public async Task<string> PublishAsync(BuildOutputs outputs, string title, string summary, IReadOnlyList<NewCheckRunAnnotation> annotations)
    {
        var name = NameOf(outputs.Model);
        var conclusion = outputs.Verdict switch
        {
            BuildVerdict.Failed => CheckConclusion.Failure,
            BuildVerdict.Inconclusive => CheckConclusion.Neutral,
            _ => CheckConclusion.Success,
        };
        var existing = (await client.Check.Run.GetAllForReference(target.Owner, target.Repository, target.Sha, new CheckRunRequest { CheckName = name }).ConfigureAwait(false))
            .CheckRuns.Where(r => r.Name == name).OrderBy(r => r.Id).FirstOrDefault();
        // Annotations add up on every update: a run that has them all from an earlier report of this commit gets none again.
        var toSend = existing?.Output?.AnnotationsCount >= annotations.Count ? [] : annotations;
        var batches = toSend.Chunk(Annotations.PerRequest).ToArray();
        var first = Output(title, summary, batches.FirstOrDefault());
        long id;
        if (existing is null)
        {
            id = (await client.Check.Run.Create(target.Owner, target.Repository, new NewCheckRun(name, target.Sha)
            {
                Status = CheckStatus.Completed,
                Conclusion = conclusion,
                DetailsUrl = target.RunUrl,
                Output = first,
            }).ConfigureAwait(false)).Id;
        }
        else
        {
            id = existing.Id;
            await client.Check.Run.Update(target.Owner, target.Repository, id, new CheckRunUpdate
            {
                Status = CheckStatus.Completed,
                Conclusion = conclusion,
                DetailsUrl = target.RunUrl,
                Output = first,
            }).ConfigureAwait(false);
        }
        foreach (var batch in batches.Skip(1))
            await client.Check.Run.Update(target.Owner, target.Repository, id, new CheckRunUpdate { Output = Output(title, summary, batch) }).ConfigureAwait(false);
        return $"{(existing is null ? "created" : "updated")} check run '{name}' ({conclusion.ToString().ToLowerInvariant()}, {toSend.Count} annotation{(toSend.Count == 1 ? "" : "s")} sent)";
    }

    private static NewCheckRunOutput Output(string title, string summary, NewCheckRunAnnotation[]? annotations) =>
        new(title, summary) { Annotations = annotations };
}
