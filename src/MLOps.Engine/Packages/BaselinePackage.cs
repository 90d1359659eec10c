using System.IO.Compression;
using MLOps.Engine.Data;
using MLOps.Engine.Diagnostics;
using MLOps.Engine.Packages.Feeds;

namespace MLOps.Engine.Packages;

/// <summary>The model in production, named by package: <c>BaselinePackageId</c>, <c>BaselineVersion</c> (latest stable when empty), <c>BaselineSource</c>.</summary>
public sealed record BaselinePackage(string Id, string? Version, string Source, string PackagesFolder)
{
    /// <summary><c>ModelFeedTimeout</c> as the project wrote it (empty: the default).</summary>
    public string? FeedTimeout { get; init; }
}

/// <summary>
/// Resolves a baseline package from its feed into the NuGet global packages folder
/// (<c>&lt;id&gt;/&lt;version&gt;/</c>, lower case, as NuGet lays packages out), downloading it once; a download is
/// verified against its lineage (every packed file's SHA-256) before it is used.
/// </summary>
public static class BaselineResolver
{
    /// <summary>The baseline's model file, named "Id Version" in messages, and its version; null with diagnostics (for the synchronous build steps).</summary>
    public static (DataFile Model, string Version)? ResolveModel(BaselinePackage baseline, string projectFile, DiagnosticBag diagnostics) =>
        ResolveAsync(baseline, Path.GetDirectoryName(projectFile) ?? ".", projectFile, diagnostics).GetAwaiter().GetResult() is { } resolved
            ? (new DataFile(resolved.ModelPath, $"{baseline.Id} {resolved.Version}"), resolved.Version)
            : null;

    /// <summary>The baseline's model file and the version resolved, or null with diagnostics.</summary>
    public static async Task<(string ModelPath, string Version)?> ResolveAsync(BaselinePackage baseline, string projectDirectory, string projectFile, DiagnosticBag diagnostics, CancellationToken cancel = default)
    {
        if (Feeds.FeedTimeout.Parse(baseline.FeedTimeout, projectFile, diagnostics) is not { } timeout) return null;
        var feed = PackageFeeds.Open(baseline.Source, projectDirectory, timeout);
        if (feed is null)
        {
            diagnostics.Error(DiagnosticCodes.FeedNotFound, $"BaselineSource '{baseline.Source}' is not a URL, a folder, or the key of a package source in a nuget.config above the project.", projectFile);
            return null;
        }
        try
        {
            var version = baseline.Version;
            if (string.IsNullOrWhiteSpace(version))
            {
                var stable = (await feed.VersionsAsync(baseline.Id, cancel))
                    .Select(v => (Text: v, Ok: SemanticVersion.TryParse(v, out var parsed), Parsed: parsed))
                    .Where(v => v.Ok && v.Parsed.IsStable).OrderBy(v => v.Parsed).Select(v => v.Text).LastOrDefault();
                if (stable is null)
                {
                    diagnostics.Error(DiagnosticCodes.BaselinePackageNotFound, $"{feed.Name} has no stable version of {baseline.Id}. Publish one first (dotnet build -t:PublishModel), or set BaselineVersion.", projectFile);
                    return null;
                }
                version = stable;
            }
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
            var model = Directory.EnumerateFiles(Path.Combine(folder, "models"), "*.model.json").FirstOrDefault();
            if (model is null)
            {
                diagnostics.Error(DiagnosticCodes.BaselinePackageNotFound, $"{baseline.Id} {version} holds no models/*.model.json: it is not a model package.", projectFile);
                return null;
            }
            return (model, version);
        }
        catch (Exception e) when (e is FeedException or HttpRequestException or IOException or TaskCanceledException)
        {
            diagnostics.Error(FeedException.CodeOf(e), $"Resolving the baseline {baseline.Id} from {feed.Name} failed: {e.Message}", projectFile);
            return null;
        }
    }

    private static bool Install(byte[] bytes, string folder, BaselinePackage baseline, string version, string projectFile, DiagnosticBag diagnostics)
    {
        var staging = folder + ".mlops-" + Guid.NewGuid().ToString("N")[..8];
        Directory.CreateDirectory(staging);
        try
        {
            var nupkg = Path.Combine(staging, $"{baseline.Id.ToLowerInvariant()}.{version.ToLowerInvariant()}.nupkg");
            File.WriteAllBytes(nupkg, bytes);
            var check = new DiagnosticBag();
            PackageVerifier.Verify(nupkg, null, check);
            if (check.HasErrors)
            {
                foreach (var d in check.Items) diagnostics.Add(d with { Message = $"Baseline {baseline.Id} {version}: {d.Message}", File = projectFile });
                return false;
            }
            ZipFile.ExtractToDirectory(nupkg, staging, overwriteFiles: true);
            File.WriteAllText(Path.Combine(staging, ".mlops-verified"), Lineage.Sha256Of(nupkg) + "\n");
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
