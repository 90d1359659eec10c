using MLOps.Engine.Packages;
using Octokit;

namespace MLOps.GitHub;

/// <summary>
/// The release of a tag, created or updated, with a model package's assets. Re-running replaces assets of the same
/// name (GitHub refuses a second asset of one name) instead of failing.
/// </summary>
internal sealed class GitHubReleases(IGitHubClient client, GitHubTarget target)
{
    public async Task<string> PublishAsync(string tag, ReleaseAssets package)
    {
        var releases = client.Repository.Release;
        Release release;
        bool created;
        try
        {
            release = await releases.Get(target.Owner, target.Repository, tag).ConfigureAwait(false);
            if (release.Body != package.Notes)
                release = await releases.Edit(target.Owner, target.Repository, release.Id, new ReleaseUpdate { Body = package.Notes }).ConfigureAwait(false);
            created = false;
        }
        catch (NotFoundException)
        {
            release = await releases.Create(target.Owner, target.Repository, new NewRelease(tag) { Name = $"{package.PackageId} {package.Version}", Body = package.Notes }).ConfigureAwait(false);
            created = true;
        }
        var existing = await releases.GetAllAssets(target.Owner, target.Repository, release.Id).ConfigureAwait(false);
        var replaced = 0;
        foreach (var asset in package.Assets)
        {
            foreach (var old in existing.Where(a => a.Name == asset.Name))
            {
                await releases.DeleteAsset(target.Owner, target.Repository, old.Id).ConfigureAwait(false);
                replaced++;
            }
            using var content = new MemoryStream(asset.Content);
            await releases.UploadAsset(release, new ReleaseAssetUpload(asset.Name, asset.ContentType, content, TimeSpan.FromMinutes(5))).ConfigureAwait(false);
        }
        return $"{(created ? "created" : "updated")} release '{tag}' with {package.Assets.Count} assets ({string.Join(", ", package.Assets.Select(a => a.Name))}){(replaced > 0 ? $", replacing {replaced}" : "")}";
    }
}
