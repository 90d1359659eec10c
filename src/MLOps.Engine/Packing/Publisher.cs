using MLOps.Engine.Diagnostics;
using MLOps.Engine.Packages.Feeds;
using MLOps.Engine.Pipeline;
using MLOps.Engine.IO;
using MLOps.Engine.Packages;

namespace MLOps.Engine.Packing;

/// <summary>
/// Publishes a model package to a feed: never a model whose gates failed without an override; publishing a version
/// the feed already has is a no-op when the bytes are the same (a rebuilt reproducible release) and an error when
/// they differ (a version is never two things).
/// </summary>
public static class Publisher
{
    /// <summary>Publishes to the feed <paramref name="source"/> names (a folder, a v3 URL, or a nuget.config source key).</summary>
    public static Task<StepResult> PublishAsync(string packagePath, string source, string? apiKey, string projectFile, string? feedTimeout = null, CancellationToken cancel = default)
    {
        var diagnostics = new DiagnosticBag();
        if (string.IsNullOrWhiteSpace(source))
            diagnostics.Error(DiagnosticCodes.PublishSourceNotSet,
                "No feed to publish to: set ModelPublishSource (or BaselineSource) to a folder, a v3 feed URL or a source key in nuget.config.", projectFile);
        else if (FeedTimeout.Parse(feedTimeout, projectFile, diagnostics) is not { } timeout) { /* reported */ }
        else if (PackageFeeds.Open(source, Path.GetDirectoryName(projectFile) ?? ".", timeout) is { } feed)
            return PublishAsync(packagePath, feed, apiKey, projectFile, cancel);
        else
            diagnostics.Error(DiagnosticCodes.FeedNotFound,
                $"ModelPublishSource '{source}' is not a URL, a folder, or the key of a package source in a nuget.config above the project.", projectFile);
        return Task.FromResult(new StepResult(diagnostics.Complete(), []));
    }

    public static async Task<StepResult> PublishAsync(string packagePath, IPackageFeed feed, string? apiKey, string projectFile, CancellationToken cancel = default)
    {
        var diagnostics = new DiagnosticBag();
        var messages = new List<string>();
        var bytes = await File.ReadAllBytesAsync(packagePath, cancel);
        var contents = PackageContents.Read(bytes);
        if (contents is null)
        {
            diagnostics.Error(DiagnosticCodes.PackageUnreadable, "The package is not a NuGet package (no .nuspec with an id and a version).", packagePath);
            return new StepResult(diagnostics.Complete(), messages);
        }
        if (contents.Gates is { Accepted: false })
        {
            var failed = contents.Gates.Blocking().Count();
            diagnostics.Error(DiagnosticCodes.GateFailedNotPublished,
                $"{contents.Id} {contents.Version} is not published: {failed} of its gates failed without an override. Fix the model, or set GateOverrideReason to publish it anyway (the override is recorded in the package).",
                projectFile);
            return new StepResult(diagnostics.Complete(), messages);
        }
        try
        {
            var existing = await feed.DownloadAsync(contents.Id, contents.Version, cancel);
            if (existing is not null)
            {
                if (existing.AsSpan().SequenceEqual(bytes))
                    messages.Add($"{contents.Id} {contents.Version} is already on {feed.Name} with identical content: nothing to publish.");
                else
                    diagnostics.Error(DiagnosticCodes.PublishConflict,
                        $"{feed.Name} already has {contents.Id} {contents.Version} with different content (SHA-256 {FileHash.Sha256Of(new MemoryStream(existing))[..12]}…, this package {FileHash.Sha256Of(new MemoryStream(bytes))[..12]}…). A published version never changes: raise Version.",
                        projectFile);
                return new StepResult(diagnostics.Complete(), messages);
            }
            await feed.PushAsync(contents.Id, contents.Version, bytes, apiKey, cancel);
            messages.Add($"Published {contents.Id} {contents.Version} to {feed.Name}{(contents.Gates?.Override is not null ? " (with its recorded gate override)" : "")}.");
        }
        catch (Exception e) when (e is FeedException or HttpRequestException or IOException or TaskCanceledException)
        {
            diagnostics.Error(FeedException.CodeOf(e), $"Publishing to {feed.Name} failed: {e.Message}", projectFile);
        }
        return new StepResult(diagnostics.Complete(), messages);
    }
}
