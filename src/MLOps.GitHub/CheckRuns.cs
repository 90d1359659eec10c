using MLOps.Engine.Reports;
using Octokit;

namespace MLOps.GitHub;

/// <summary>
/// The check run <c>MLOps: &lt;model&gt;</c> on the head commit: created once, then updated in place (found by name on
/// the commit), with annotations sent 50 a request by updating the run. GitHub adds annotations up on every update
/// and never takes one off, so the run keeps a hash of the set it holds in its <c>external_id</c>: a report with the
/// same set sends none again; one with another set gets a new run of the name, which GitHub shows (and branch
/// protection reads) instead of the old one, so stale annotations never stay beside new ones.
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
        var hash = Annotations.Hash(annotations);
        var existing = await NewestAsync(name).ConfigureAwait(false);
        var reuse = existing is not null && (existing.ExternalId == hash || existing.Output?.AnnotationsCount is null or 0);
        var toSend = reuse && existing!.ExternalId == hash ? [] : annotations;
        var batches = toSend.Chunk(Annotations.PerRequest).ToArray();
        // The hash goes with the last batch: a run whose batches did not all arrive is not taken for complete.
        string? ExternalIdAfter(int batch) => batch >= batches.Length - 1 ? hash : null;
        long id;
        if (!reuse)
        {
            var created = await Creation.OnceAsync(
                () => client.Check.Run.Create(target.Owner, target.Repository, new NewCheckRun(name, target.Sha)
                {
                    Status = CheckStatus.Completed,
                    Conclusion = conclusion,
                    DetailsUrl = target.RunUrl,
                    ExternalId = ExternalIdAfter(0),
                    Output = Output(title, summary, batches.FirstOrDefault()),
                }),
                async () => await NewestAsync(name).ConfigureAwait(false) is { } run && run.Id != existing?.Id ? run : null).ConfigureAwait(false);
            id = created.Id;
        }
        else
        {
            id = existing!.Id;
            await client.Check.Run.Update(target.Owner, target.Repository, id, new CheckRunUpdate
            {
                Status = CheckStatus.Completed,
                Conclusion = conclusion,
                DetailsUrl = target.RunUrl,
                ExternalId = ExternalIdAfter(0),
                Output = Output(title, summary, batches.FirstOrDefault()),
            }).ConfigureAwait(false);
        }
        for (var batch = 1; batch < batches.Length; batch++)
            await client.Check.Run.Update(target.Owner, target.Repository, id, new CheckRunUpdate { ExternalId = ExternalIdAfter(batch), Output = Output(title, summary, batches[batch]) }).ConfigureAwait(false);
        var what = existing is null ? "created" : reuse ? "updated" : "replaced (its annotations changed)";
        return $"{what} check run '{name}' ({conclusion.ToString().ToLowerInvariant()}, {toSend.Count} annotation{(toSend.Count == 1 ? "" : "s")} sent)";
    }

    /// <summary>The newest run of <paramref name="name"/> on the commit: the one GitHub shows.</summary>
    private async Task<CheckRun?> NewestAsync(string name) =>
        (await client.Check.Run.GetAllForReference(target.Owner, target.Repository, target.Sha, new CheckRunRequest { CheckName = name }).ConfigureAwait(false))
            .CheckRuns.Where(r => r.Name == name).OrderByDescending(r => r.Id).FirstOrDefault();

    private static NewCheckRunOutput Output(string title, string summary, NewCheckRunAnnotation[]? annotations) =>
        new(title, summary) { Annotations = annotations };
}
