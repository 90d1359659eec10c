using System.IO.Compression;
using MLOps.Engine.Data;
using MLOps.Engine.Diagnostics;
using MLOps.Engine.Packages.Feeds;
using MLOps.Engine.IO;

namespace MLOps.Engine.Packages;

/// <summary>The model in production, named by package: <c>BaselinePackageId</c>, <c>BaselineVersion</c> (latest stable when empty; a channel such as <c>production</c> follows <c>mlops promote</c>), <c>BaselineSource</c>.</summary>
public sealed record BaselinePackage(string Id, string? Version, string Source, string PackagesFolder)
{
    /// <summary><c>ModelFeedTimeout</c> as the project wrote it (empty: the default).</summary>
    public string? FeedTimeout { get; init; }

    /// <summary>
    /// Where NuGet keeps packages: <paramref name="nugetPackageRoot"/> (MSBuild's <c>$(NuGetPackageRoot)</c>) when set,
    /// else <c>NUGET_PACKAGES</c>, else <c>~/.nuget/packages</c>, as NuGet itself chooses.
    /// </summary>
    public static string PackagesFolderOr(string? nugetPackageRoot) =>
        !string.IsNullOrWhiteSpace(nugetPackageRoot) ? nugetPackageRoot
        : Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } folder ? folder
        : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
}

/// <summary>
/// Resolves a baseline package from its feed into the NuGet global packages folder
/// (<c>&lt;id&gt;/&lt;version&gt;/</c>, lower case, as NuGet lays packages out), downloading it once; a download is
/// verified against its lineage (every entry) before it is extracted, and the extracted files are checked against
/// that lineage each time the baseline is used, since anything may edit the packages folder in between.
/// </summary>
public static class BaselineResolver
{
    /// <summary>The baseline's model file, named "Id Version" in messages, and its version; null with diagnostics (for the synchronous build steps).</summary>
    public static (DataFile Model, string Version)? ResolveModel(BaselinePackage baseline, string projectFile, DiagnosticBag diagnostics) =>
        ResolveAsync(baseline, Path.GetDirectoryName(projectFile) ?? ".", projectFile, diagnostics).GetAwaiter().GetResult() is { } resolved
            ? (new DataFile(resolved.ModelPath, $"{baseline.Id} {resolved.Version}"), resolved.Version)
            : null;

    /// <summary>The baseline's model file and the version resolved, or null with diagnostics.</summary>
    public static Task<(string ModelPath, string Version)?> ResolveAsync(BaselinePackage baseline, string projectDirectory, string projectFile, DiagnosticBag diagnostics, CancellationToken cancel = default) =>
        WithFeedAsync<(string, string)?>(baseline, projectDirectory, projectFile, diagnostics, async feed =>
        {
            if (await ResolveVersionAsync(feed, baseline, projectFile, diagnostics, cancel) is not { } version) return null;
            var folder = Path.Combine(baseline.PackagesFolder, baseline.Id.ToLowerInvariant(), version.ToLowerInvariant());
            var marker = Path.Combine(folder, ".mlops-verified");
            if (!File.Exists(marker))
            {
                var bytes = await feed.DownloadAsync(baseline.Id, version, cancel);
                if (bytes is null)
                {
                    diagnostics.Error(DiagnosticCodes.BaselinePackageNotFound, $"{feed.Name} has no {baseline.Id} {version}. Versions: {string.Join(", ", await feed.VersionsAsync(baseline.Id, cancel))}.", projectFile);
                    return null;
                }
                if (!Install(bytes, folder, baseline, version, projectFile, diagnostics)) return null;
            }
            if (VerifiedModel(folder, baseline, version, projectFile, diagnostics) is not { } model) return null;
            return (model, version);
        });

    /// <summary>
    /// The version of the baseline the feed gives now (the channel's promoted version, the latest stable, or the one
    /// named), without downloading it; null with diagnostics. <c>mlops status</c> compares it with the one last gated against.
    /// </summary>
    public static Task<string?> ResolveVersionAsync(BaselinePackage baseline, string projectFile, DiagnosticBag diagnostics, CancellationToken cancel = default) =>
        WithFeedAsync(baseline, Path.GetDirectoryName(projectFile) ?? ".", projectFile, diagnostics, feed => ResolveVersionAsync(feed, baseline, projectFile, diagnostics, cancel));

    /// <summary>Opens the baseline's feed and runs <paramref name="work"/> on it; a feed that cannot be opened or fails is an error and null.</summary>
    private static async Task<T?> WithFeedAsync<T>(BaselinePackage baseline, string projectDirectory, string projectFile, DiagnosticBag diagnostics, Func<IPackageFeed, Task<T?>> work)
    {
        if (Feeds.FeedTimeout.Parse(baseline.FeedTimeout, projectFile, diagnostics) is not { } timeout) return default;
        if (PackageFeeds.Open(baseline.Source, projectDirectory, timeout) is not { } feed)
        {
            diagnostics.Error(DiagnosticCodes.FeedNotFound, $"BaselineSource '{baseline.Source}' is not a URL, a folder, or the key of a package source in a nuget.config above the project.", projectFile);
            return default;
        }
        try
        {
            return await work(feed);
        }
        catch (Exception e) when (e is FeedException or HttpRequestException or IOException or TaskCanceledException)
        {
            diagnostics.Error(FeedException.CodeOf(e), $"Resolving the baseline {baseline.Id} from {feed.Name} failed: {e.Message}", projectFile);
            return default;
        }
    }

    private static async Task<string?> ResolveVersionAsync(IPackageFeed feed, BaselinePackage baseline, string projectFile, DiagnosticBag diagnostics, CancellationToken cancel)
    {
        var version = baseline.Version;
        if (Channels.IsChannel(version))
        {
            // A channel (e.g. production): the version `mlops promote` last named, read from the channel's tag package.
            if (await Channels.CurrentAsync(feed, baseline.Id, version!, cancel) is not { } promotion)
            {
                diagnostics.Error(DiagnosticCodes.BaselinePackageNotFound, $"{feed.Name} has no version of {baseline.Id} promoted to '{version}' ({Channels.TagPackageId(baseline.Id, version!)}). Promote one first (mlops promote {baseline.Id} <version> --to {version}), or set BaselineVersion to a version.", projectFile);
                return null;
            }
            return promotion.Version;
        }
        if (!string.IsNullOrWhiteSpace(version)) return version;
        var stable = (await feed.VersionsAsync(baseline.Id, cancel))
            .Select(v => (Text: v, Ok: SemanticVersion.TryParse(v, out var parsed), Parsed: parsed))
            .Where(v => v.Ok && v.Parsed.IsStable).OrderBy(v => v.Parsed).Select(v => v.Text).LastOrDefault();
        if (stable is null)
            diagnostics.Error(DiagnosticCodes.BaselinePackageNotFound, $"{feed.Name} has no stable version of {baseline.Id}. Publish one first (dotnet build -t:PublishModel), or set BaselineVersion.", projectFile);
        return stable;
    }

    private static string NupkgIn(string folder, BaselinePackage baseline, string version) =>
        Path.Combine(folder, $"{baseline.Id.ToLowerInvariant()}.{version.ToLowerInvariant()}.nupkg");

    /// <summary>
    /// The extracted baseline's model file, after checking that the package file is the one downloaded and verified
    /// (its SHA-256 is in the marker) and that the files under the folder are the ones its lineage lists; null with
    /// an error for each difference.
    /// </summary>
    private static string? VerifiedModel(string folder, BaselinePackage baseline, string version, string projectFile, DiagnosticBag diagnostics)
    {
        var errors = diagnostics.ErrorCount;
        void Changed(string what) => diagnostics.Error(DiagnosticCodes.BaselineChangedAfterDownload,
            $"Baseline {baseline.Id} {version} in {folder}: {what}, so it was changed after it was downloaded and verified. Delete that folder to download it again.", projectFile);
        var nupkg = NupkgIn(folder, baseline, version);
        if (!File.Exists(nupkg) || File.ReadAllText(Path.Combine(folder, ".mlops-verified")).Trim() != FileHash.Sha256Of(nupkg))
        {
            Changed($"{Path.GetFileName(nupkg)} is not the package that was verified");
            return null;
        }
        Lineage? lineage;
        using (var zip = ZipFile.OpenRead(nupkg)) lineage = PackageVerifier.LineageOf(zip).Lineage;
        if (lineage is null)
        {
            diagnostics.Error(DiagnosticCodes.BaselinePackageNotFound, $"{baseline.Id} {version} has no models/*.lineage.json: it is not a model package.", projectFile);
            return null;
        }
        foreach (var file in lineage.Outputs)
        {
            var path = Path.Combine(folder, file.Path);
            if (!File.Exists(path)) Changed($"'{file.Path}' is missing");
            else if (FileHash.Sha256Of(path) is var actual && actual != file.Sha256) Changed($"'{file.Path}' has SHA-256 {actual}, but the package's lineage records {file.Sha256}");
        }
        var listed = lineage.Outputs.Select(o => o.Path).Append($"models/{lineage.Model}.lineage.json").ToHashSet(StringComparer.Ordinal);
        var models = Path.Combine(folder, "models");
        foreach (var extra in (Directory.Exists(models) ? Directory.EnumerateFiles(models) : []).Select(f => $"models/{Path.GetFileName(f)}").Where(f => !listed.Contains(f)))
            Changed($"'{extra}' is not in the package's lineage");
        if (diagnostics.ErrorCount > errors) return null;
        var model = listed.FirstOrDefault(p => p.StartsWith("models/", StringComparison.Ordinal) && p.EndsWith(".model.json", StringComparison.Ordinal));
        if (model is null)
        {
            diagnostics.Error(DiagnosticCodes.BaselinePackageNotFound, $"{baseline.Id} {version} holds no models/*.model.json: it is not a model package.", projectFile);
            return null;
        }
        return Path.Combine(folder, model);
    }

    private static bool Install(byte[] bytes, string folder, BaselinePackage baseline, string version, string projectFile, DiagnosticBag diagnostics)
    {
        var staging = folder + ".mlops-" + Guid.NewGuid().ToString("N")[..8];
        Directory.CreateDirectory(staging);
        try
        {
            var nupkg = NupkgIn(staging, baseline, version);
            File.WriteAllBytes(nupkg, bytes);
            var check = new DiagnosticBag();
            PackageVerifier.Verify(nupkg, null, check);
            if (check.HasErrors)
            {
                foreach (var d in check.Items) diagnostics.Add(d with { Message = $"Baseline {baseline.Id} {version}: {d.Message}", File = projectFile });
                return false;
            }
            ZipFile.ExtractToDirectory(nupkg, staging, overwriteFiles: true);
            File.WriteAllText(Path.Combine(staging, ".mlops-verified"), FileHash.Sha256Of(nupkg) + "\n");
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
            Directory.CreateDirectory(Path.GetDirectoryName(folder)!);
            Directory.Move(staging, folder);
            return true;
        }
        finally
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        }
    }
}
