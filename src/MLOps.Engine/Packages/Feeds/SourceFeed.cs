using System.Net;
using NuGet.Common;
using NuGet.Packaging;
using NuGet.Packaging.Core;
using NuGet.Protocol;
using NuGet.Protocol.Core.Types;
using NuGet.Versioning;

namespace MLOps.Engine.Packages.Feeds;

/// <summary>
/// A feed spoken to through NuGet.Protocol, whatever its kind (v3, v2 or a folder in either layout): versions and
/// downloads through <see cref="FindPackageByIdResource"/>, pushes through <see cref="PackageUpdateResource"/>.
/// Nothing is cached between calls (a feed changes while a build runs: a publish checks, then pushes).
/// </summary>
public abstract class SourceFeed : IPackageFeed
{
    private static readonly ILogger Quiet = NullLogger.Instance; // NuGet's own log lines would only repeat what our messages say

    public abstract string Name { get; }

    /// <summary>The NuGet repository the calls go to.</summary>
    protected abstract SourceRepository Repository { get; }

    /// <summary>False for a folder feed whose folder is not there yet (it has no packages; a push creates it).</summary>
    protected virtual bool Exists => true;

    /// <summary>What must happen before the first request of each call (an HTTP feed reads its service index).</summary>
    protected virtual Task ReadyAsync(CancellationToken cancel) => Task.CompletedTask;

    public Task<IReadOnlyList<string>> VersionsAsync(string id, CancellationToken cancel = default) =>
        Run($"listing the versions of {id}", async () =>
        {
            if (!Exists) return [];
            using var cache = FreshCache();
            var versions = await (await Find(cancel)).GetAllVersionsAsync(id, cache, Quiet, cancel);
            return (IReadOnlyList<string>)(versions ?? []).Order().Select(v => v.ToNormalizedString()).Distinct().ToArray();
        }, cancel);

    public Task<byte[]?> DownloadAsync(string id, string version, CancellationToken cancel = default) =>
        Run($"downloading {id} {version}", async () =>
        {
            if (!Exists || !NuGetVersion.TryParse(version, out var parsed)) return null;
            using var cache = FreshCache();
            using var package = new MemoryStream();
            return await (await Find(cancel)).CopyNupkgToStreamAsync(id, parsed, package, cache, Quiet, cancel) ? package.ToArray() : null;
        }, cancel);

    public Task PushAsync(string id, string version, byte[] package, string? apiKey, CancellationToken cancel = default) =>
        Run($"pushing {id} {version}", async () =>
        {
            // NuGet pushes files: a private folder holds this one for the push.
            var folder = Directory.CreateTempSubdirectory("mlops-push-");
            try
            {
                var path = Path.Combine(folder.FullName, $"{id}.{version}.nupkg");
                await File.WriteAllBytesAsync(path, package, cancel);
                await PushFileAsync(path, apiKey, cancel);
                return true;
            }
            finally
            {
                folder.Delete(recursive: true);
            }
        }, cancel);

    /// <summary>Pushes the package file with <see cref="PackageUpdateResource"/>, as <c>dotnet nuget push</c> does.</summary>
    protected virtual async Task PushFileAsync(string path, string? apiKey, CancellationToken cancel)
    {
        var update = await Repository.GetResourceAsync<PackageUpdateResource>(cancel)
            ?? throw new FeedException($"{Name} takes no pushes (its service index has no PackagePublish resource).");
        var log = new ErrorsLogger();
        await update.Push([path], symbolSource: null, PushTimeoutSeconds, disableBuffering: false,
            getApiKey: _ => apiKey ?? "", getSymbolApiKey: _ => null, noServiceEndpoint: false, skipDuplicate: false,
            symbolPackageUpdateResource: null, AllowInsecureConnections, log);
        // Some refusals NuGet only logs (an HTTP source not allowed, say): they fail the push here.
        if (log.Errors.Count > 0) throw new FeedException($"{Name} refused {Path.GetFileName(path)}: {string.Join(" ", log.Errors)}");
    }

    /// <summary>What the .nuspec of <paramref name="id"/> <paramref name="version"/> says, or null when the feed does not have it (here: read from the package).</summary>
    public virtual async Task<NuspecReader?> NuspecAsync(string id, string version, CancellationToken cancel = default) =>
        await DownloadAsync(id, version, cancel) is { } package
            ? await Run($"reading the .nuspec of {id} {version}", () => Task.FromResult(new PackageArchiveReader(new MemoryStream(package)).NuspecReader), cancel)
            : null;

    /// <summary>Whether a plain-HTTP feed may be pushed to (NuGet asks nuget.config to say so).</summary>
    protected virtual bool AllowInsecureConnections => false;

    /// <summary>How long NuGet may take over a whole push (the transport stops a silent feed sooner).</summary>
    protected virtual int PushTimeoutSeconds => 5 * 60;

    private async Task<FindPackageByIdResource> Find(CancellationToken cancel) =>
        await Repository.GetResourceAsync<FindPackageByIdResource>(cancel)
        ?? throw new FeedException($"{Name} offers no way to list or download packages (its service index has no PackageBaseAddress resource).");

    /// <summary>No HTTP cache and no memory cache: each answer is the feed's answer now.</summary>
    private static SourceCacheContext FreshCache() => new() { NoCache = true, DirectDownload = true, RefreshMemoryCache = true };

    /// <summary>Runs a NuGet call and says what failed in our terms: a <see cref="FeedException"/> naming the feed and what it was doing.</summary>
    protected async Task<T> Run<T>(string what, Func<Task<T>> call, CancellationToken cancel)
    {
        try
        {
            try { await ReadyAsync(cancel); }
            catch (Exception e) when (!cancel.IsCancellationRequested && e is not FeedException && Failure(e, "reading the service index") is { } failure)
            {
                throw failure;
            }
            return await call();
        }
        catch (Exception e) when (!cancel.IsCancellationRequested && e is not FeedException && Failure(e, what) is { } failure)
        {
            throw failure;
        }
    }

    /// <summary>The failure as our users read it, from the innermost cause NuGet wrapped; null for one to let through as it is.</summary>
    private FeedException? Failure(Exception e, string what)
    {
        for (var cause = e; cause is not null; cause = cause.InnerException)
            switch (cause)
            {
                case FeedException feed:
                    return new FeedException($"{feed.Message} ({what})", feed.Code);
                case FeedTimedOutException timedOut:
                    return new FeedException(
                        $"{Name} did not answer {what} within {FeedTransport.Describe(timedOut.Timeout)} (ModelFeedTimeout; the request was to {timedOut.Request.GetLeftPart(UriPartial.Path)}).",
                        Diagnostics.DiagnosticCodes.FeedTimedOut);
                case HttpRequestException { StatusCode: HttpStatusCode.Conflict }:
                    return new FeedException($"{Name} already has the package (HTTP 409) ({what}).");
                case HttpRequestException { StatusCode: { } status }:
                    var hint = status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
                        ? " Check the credentials in nuget.config, or the API key in the environment variable ModelPublishApiKeyVariable names." : "";
                    return new FeedException($"{Name} refused {what}: HTTP {(int)status} {status}.{hint}");
            }
        return e is FatalProtocolException or HttpRequestException or InvalidDataException or System.Xml.XmlException or PackagingException
            ? new FeedException($"{Name} failed {what}: {Innermost(e).Message}")
            : null;
    }

    private static Exception Innermost(Exception e) => e.InnerException is { } inner ? Innermost(inner) : e;
}

/// <summary>Keeps the errors NuGet logs (and drops the rest: our messages say what happened).</summary>
internal sealed class ErrorsLogger : LoggerBase
{
    public List<string> Errors { get; } = [];

    public override void Log(ILogMessage message)
    {
        if (message.Level == LogLevel.Error) lock (Errors) Errors.Add(message.Message);
    }

    public override Task LogAsync(ILogMessage message)
    {
        Log(message);
        return Task.CompletedTask;
    }
}
