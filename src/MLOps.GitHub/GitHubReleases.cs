using MLOps.Engine.Packages;
using Octokit;

namespace MLOps.GitHub;

/// <summary>
/// The release of a tag, created or updated, with a model package's assets. Re-running replaces assets of the same
/// name (GitHub refuses a second asset of one name) instead of failing: the new one is uploaded under a temporary
/// name first, and only then the old one deleted and the new one renamed, so a failed upload leaves the old asset.
/// </summary>
internal sealed class GitHubReleases(IGitHubClient client, GitHubTarget target)
{
    /// <summary>The name an asset is uploaded under while an older one of its name is still there.</summary>
    public static string UploadingName(string name) => $"{name}.uploading";

    public async Task<string> PublishAsync(string tag, ReleaseAssets package)
    {
        var releases = client.Repository.Release;
        var release = await FindAsync(tag).ConfigureAwait(false);
        var created = release is null;
        if (release is null)
            release = await Creation.OnceAsync(
                () => releases.Create(target.Owner, target.Repository, new NewRelease(tag) { Name = $"{package.PackageId} {package.Version}", Body = package.Notes }),
                () => FindAsync(tag)).ConfigureAwait(false);
        else if (release.Body != package.Notes)
            release = await releases.Edit(target.Owner, target.Repository, release.Id, new ReleaseUpdate { Body = package.Notes }).ConfigureAwait(false);
        var existing = await releases.GetAllAssets(target.Owner, target.Repository, release.Id).ConfigureAwait(false);
        var replaced = 0;
        foreach (var asset in package.Assets)
        {
            // Left by an upload that failed halfway: its name must be free again.
            foreach (var stale in existing.Where(a => a.Name == UploadingName(asset.Name)))
                await releases.DeleteAsset(target.Owner, target.Repository, stale.Id).ConfigureAwait(false);
            var old = existing.Where(a => a.Name == asset.Name).ToArray();
            using var content = new MemoryStream(asset.Content);
            var uploaded = await releases.UploadAsset(release, new ReleaseAssetUpload(old.Length == 0 ? asset.Name : UploadingName(asset.Name), asset.ContentType, content, TimeSpan.FromMinutes(5))).ConfigureAwait(false);
            if (old.Length == 0) continue;
            foreach (var previous in old)
                await releases.DeleteAsset(target.Owner, target.Repository, previous.Id).ConfigureAwait(false);
            await releases.EditAsset(target.Owner, target.Repository, uploaded.Id, new ReleaseAssetUpdate(asset.Name)).ConfigureAwait(false);
            replaced++;
        }
        return $"{(created ? "created" : "updated")} release '{tag}' with {package.Assets.Count} assets ({string.Join(", ", package.Assets.Select(a => a.Name))}){(replaced > 0 ? $", replacing {replaced}" : "")}";
    }

    private async Task<Release?> FindAsync(string tag)
    {
        try
        {
            return await client.Repository.Release.Get(target.Owner, target.Repository, tag).ConfigureAwait(false);
        }
        catch (NotFoundException)
        {
            return null;
        }
    }
}
