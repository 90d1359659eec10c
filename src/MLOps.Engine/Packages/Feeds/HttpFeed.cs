using NuGet.Configuration;
using NuGet.Packaging;
using NuGet.Versioning;
using NuGet.Protocol;
using NuGet.Protocol.Core.Types;

namespace MLOps.Engine.Packages.Feeds;

/// <summary>
/// An HTTP feed (a v3 service index, or a v2 OData feed) spoken to by NuGet.Protocol, with every request going through
/// a <see cref="FeedTransport"/> (which origins get the credentials and the key, redirects, timeout) instead of
/// NuGet's own handler.
/// </summary>
public sealed class HttpFeed : SourceFeed
{
    private readonly FeedTransport _transport;
    private bool _trusted;

    public HttpFeed(Uri serviceIndex, FeedTransport transport) : this(new PackageSource(serviceIndex.ToString()), transport) { }

    public HttpFeed(PackageSource source, FeedTransport transport)
    {
        (_transport, Name, AllowInsecureConnections) = (transport, source.Source, source.AllowInsecureConnections);
        Repository = RepositoryOver(source, transport);
    }

    public override string Name { get; }

    protected override SourceRepository Repository { get; }

    protected override bool AllowInsecureConnections { get; }

    /// <summary>The resources the service index names get the credentials too, when the index came from the source's own origin.</summary>
    protected override async Task ReadyAsync(CancellationToken cancel)
    {
        if (_trusted) return;
        if (await Repository.GetResourceAsync<ServiceIndexResourceV3>(cancel) is { } index)
            _transport.TrustResourcesOfServiceIndex(index.Entries.Select(e => e.Uri));
        _trusted = true;
    }

    /// <summary>A v3 feed's flat container serves the .nuspec alone (<c>{id}/{version}/{id}.nuspec</c>): a few kilobytes, not the package.</summary>
    public override async Task<NuspecReader?> NuspecAsync(string id, string version, CancellationToken cancel = default)
    {
        if (!NuGetVersion.TryParse(version, out var parsed)) return null;
        await ReadyAsync(cancel);
        if ((await Repository.GetResourceAsync<ServiceIndexResourceV3>(cancel))?.GetServiceEntryUri(ServiceTypes.PackageBaseAddress) is not { } baseAddress)
            return await base.NuspecAsync(id, version, cancel);
        var (lowerId, lowerVersion) = (id.ToLowerInvariant(), parsed.ToNormalizedString().ToLowerInvariant());
        return await Run($"reading the .nuspec of {id} {version}", async () =>
        {
            using var client = new HttpClient(_transport, disposeHandler: false) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
            using var response = await client.GetAsync(new Uri($"{baseAddress.ToString().TrimEnd('/')}/{lowerId}/{lowerVersion}/{lowerId}.nuspec"), cancel);
            if (response.StatusCode == System.Net.HttpStatusCode.NotFound) return null;
            response.EnsureSuccessStatusCode();
            return new NuspecReader(await response.Content.ReadAsStreamAsync(cancel));
        }, cancel);
    }

    /// <summary>NuGet's v3 and v2 providers, with our transport as the one HTTP handler.</summary>
    private static SourceRepository RepositoryOver(PackageSource source, FeedTransport transport) =>
        new(source, NuGet.Protocol.Core.Types.Repository.Provider.GetCoreV3().Append(new Lazy<INuGetResourceProvider>(() => new TransportProvider(transport))));

    private sealed class TransportProvider(FeedTransport transport)
        : ResourceProvider(typeof(HttpHandlerResource), nameof(TransportProvider), NuGetResourceProviderPositions.First)
    {
        public override Task<Tuple<bool, INuGetResource?>> TryCreate(SourceRepository source, CancellationToken token) =>
            Task.FromResult(Tuple.Create(true, (INuGetResource?)new HttpHandlerResourceV3(transport.ClientHandler, transport)));
    }
}
