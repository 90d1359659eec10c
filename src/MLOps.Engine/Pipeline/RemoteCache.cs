using MLOps.Engine.Diagnostics;
using MLOps.Engine.IO;
using MLOps.Engine.Packages;
using MLOps.Engine.Packages.Feeds;
using MLOps.Runtime;

namespace MLOps.Engine.Pipeline;

/// <summary>
/// <c>ModelCacheSource</c>: a feed as a remote cache of trained models. Every model package carries the training
/// fingerprint of its model as a tag (<c>mlops-training-&lt;sha256&gt;</c>) in its .nuspec, so a build finds a
/// package made from the same inputs by reading .nuspec files (newest version first), never whole packages; it then
/// downloads that one, verifies every entry against its lineage, checks the model's own recorded fingerprint, and
/// restores the model instead of training. A feed that cannot be read is a warning: the build trains.
/// </summary>
/// <summary><c>ModelCacheSource</c> (a feed), the package id a model is published under, where packages are downloaded to, and <c>ModelFeedTimeout</c> as written.</summary>
public sealed record ModelCache(string Source, string PackageId, string PackagesFolder, string? FeedTimeout);

public static class RemoteCache
{
    public const string TagPrefix = "mlops-training-";

    /// <summary>The tag a package of a model trained from <paramref name="fingerprint"/>'s inputs carries.</summary>
    public static string TagOf(Fingerprint fingerprint) => TagPrefix + fingerprint.Training;

    /// <summary>The model restored from the cache into <c>ModelOutputPath</c> (and recorded as trained), or null (with a warning when the feed failed) when the build must train.</summary>
    public static async Task<StepResult?> TryRestoreAsync(ModelSpec spec, Fingerprint fingerprint, ModelCache cache, CancellationToken cancel = default)
    {
        var (source, packageId, packagesFolder, feedTimeout) = cache;
        var diagnostics = new DiagnosticBag();
        if (FeedTimeout.Parse(feedTimeout, spec.ProjectFile, diagnostics) is not { } timeout) return new StepResult(diagnostics.Complete(), []);
        var feed = PackageFeeds.Open(source, Path.GetDirectoryName(spec.ProjectFile) ?? ".", timeout);
        if (feed is null)
        {
            diagnostics.Error(DiagnosticCodes.FeedNotFound, $"ModelCacheSource '{source}' is not a URL, a folder, or the key of a package source in a nuget.config above the project.", spec.ProjectFile);
            return new StepResult(diagnostics.Complete(), []);
        }
        var clock = System.Diagnostics.Stopwatch.StartNew();
        string? hit;
        try
        {
            hit = await FindAsync(feed, packageId, TagOf(fingerprint), cancel);
        }
        catch (Exception e) when (e is FeedException or HttpRequestException or IOException or TaskCanceledException && !cancel.IsCancellationRequested)
        {
            diagnostics.Warning(DiagnosticCodes.ModelCacheUnavailable, $"The model cache {feed.Name} could not be read, so the model is trained here: {e.Message}", spec.ProjectFile);
            return new StepResult(diagnostics.Complete(), []);
        }
        var lookup = clock.Elapsed;
        if (hit is null) return null;

        // The same download, verification and extraction as a baseline's: every entry checked against the lineage.
        // Its errors (a package that does not verify, a failed download) only mean the cache cannot be used here.
        var check = new DiagnosticBag();
        var resolved = await BaselineResolver.ResolveAsync(new BaselinePackage(packageId, hit, source, packagesFolder) { FeedTimeout = feedTimeout },
            Path.GetDirectoryName(spec.ProjectFile) ?? ".", spec.ProjectFile, check, cancel);
        if (resolved is not { } package)
        {
            diagnostics.Warning(DiagnosticCodes.ModelCacheUnavailable,
                $"{packageId} {hit} from the model cache {feed.Name} cannot be used, so the model is trained here: {check.Items.FirstOrDefault()?.Message}", spec.ProjectFile);
            return new StepResult(diagnostics.Complete(), []);
        }
        var bytes = await File.ReadAllBytesAsync(package.ModelPath, cancel);
        var cached = ModelFormat.FromBytes(bytes, package.ModelPath);
        // An ML.NET model scored through ML.NET is built from its .zip here: the package has not its evaluation predictions.
        if (cached.Predictor.Kind == PredictorKinds.MLNet) return null;
        if (cached.Training?.Fingerprint != fingerprint.Training)
        {
            diagnostics.Warning(DiagnosticCodes.ModelCacheUnavailable, $"{packageId} {hit} on {feed.Name} is tagged with this build's training fingerprint, but its model records another, so the model is trained here.", spec.ProjectFile);
            return new StepResult(diagnostics.Complete(), []);
        }
        AtomicFile.WriteAllBytes(spec.Outputs.ModelPath, bytes);
        BuildRecord.Trained(spec.Outputs, fingerprint, predictionsOnly: false);
        return new StepResult(diagnostics.Complete(),
        [
            $"{spec.Name}: restored from the model cache, not trained: {packageId} {hit} on {feed.Name} has this training fingerprint ({fingerprint.Training[..12]}, found in {lookup.TotalMilliseconds:0} ms); its entries match its lineage and its model records the fingerprint -> {spec.Outputs.ModelPath}",
        ]);
    }

    /// <summary>The newest version of <paramref name="packageId"/> whose .nuspec carries <paramref name="tag"/>, or null.</summary>
    public static async Task<string?> FindAsync(IPackageFeed feed, string packageId, string tag, CancellationToken cancel = default)
    {
        var versions = (await feed.VersionsAsync(packageId, cancel))
            .Select(v => (Text: v, Ok: SemanticVersion.TryParse(v, out var parsed), Parsed: parsed))
            .Where(v => v.Ok).OrderByDescending(v => v.Parsed).Select(v => v.Text);
        // A few .nuspec requests at a time, newest first: the first batch holds the usual hit (the last release).
        foreach (var batch in versions.Chunk(8))
        {
            var tags = await Task.WhenAll(batch.Select(v => TagsAsync(feed, packageId, v, cancel)));
            for (var i = 0; i < batch.Length; i++)
                if (tags[i]?.Contains(tag, StringComparer.Ordinal) == true) return batch[i];
        }
        return null;
    }

    private static async Task<IReadOnlyList<string>?> TagsAsync(IPackageFeed feed, string packageId, string version, CancellationToken cancel)
    {
        var nuspec = feed is SourceFeed source ? await source.NuspecAsync(packageId, version, cancel) : null;
        return nuspec?.GetTags().Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }
}
