using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace MLOps.Engine.Packages.Feeds;

/// <summary>
/// A NuGet v3 HTTP feed, spoken over HttpClient: the service index names the flat container
/// (<c>PackageBaseAddress/3.0.0</c>: version lists and .nupkg downloads) and the push endpoint
/// (<c>PackagePublish/2.0.0</c>: PUT of a multipart form with the package, key in <c>X-NuGet-ApiKey</c>).
/// Requests go through a <see cref="FeedTransport"/> (which origins get the credentials, redirects, timeout).
/// </summary>
public sealed class HttpFeed(Uri serviceIndex, FeedTransport transport) : IPackageFeed
{
    private (Uri? BaseAddress, Uri? Publish)? _resources;

    public string Name => serviceIndex.ToString();

    public async Task<IReadOnlyList<string>> VersionsAsync(string id, CancellationToken cancel = default)
    {
        var (baseAddress, _) = await Resources(cancel);
        var what = $"listing the versions of {id}";
        var (status, reason, body, _) = await Get(new Uri(Required(baseAddress, "PackageBaseAddress/3.0.0"), $"{id.ToLowerInvariant()}/index.json"), what, cancel);
        if (status == HttpStatusCode.NotFound) return [];
        Ensure(status, reason, what);
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("versions").EnumerateArray().Select(v => v.GetString()!).ToArray();
    }

    public async Task<byte[]?> DownloadAsync(string id, string version, CancellationToken cancel = default)
    {
        var (baseAddress, _) = await Resources(cancel);
        var (lowerId, lowerVersion) = (id.ToLowerInvariant(), version.ToLowerInvariant());
        var what = $"downloading {id} {version}";
        var (status, reason, body, _) = await Get(new Uri(Required(baseAddress, "PackageBaseAddress/3.0.0"), $"{lowerId}/{lowerVersion}/{lowerId}.{lowerVersion}.nupkg"), what, cancel);
        if (status == HttpStatusCode.NotFound) return null;
        Ensure(status, reason, what);
        return body;
    }

    public async Task PushAsync(string id, string version, byte[] package, string? apiKey, CancellationToken cancel = default)
    {
        var (_, publish) = await Resources(cancel);
        HttpContent Form()
        {
            var content = new MultipartFormDataContent();
            var file = new ByteArrayContent(package);
            file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            content.Add(file, "package", "package.nupkg");
            return content;
        }
        var what = $"pushing {id} {version}";
        var (status, reason, _, _) = await transport.SendAsync(HttpMethod.Put, Required(publish, "PackagePublish/2.0.0"), Form, apiKey, what, cancel);
        if (status == HttpStatusCode.Conflict)
            throw new FeedException($"{Name} already has {id} {version} (HTTP 409).");
        Ensure(status, reason, what);
    }

    private Task<FeedResponse> Get(Uri uri, string what, CancellationToken cancel) =>
        transport.SendAsync(HttpMethod.Get, uri, () => null, apiKey: null, what, cancel);

    private async Task<(Uri? BaseAddress, Uri? Publish)> Resources(CancellationToken cancel)
    {
        if (_resources is { } known) return known;
        const string what = "reading the service index";
        var index = await Get(serviceIndex, what, cancel);
        Ensure(index.Status, index.Reason, what);
        using var json = JsonDocument.Parse(index.Body);
        Uri? Find(string type) => json.RootElement.GetProperty("resources").EnumerateArray()
            .Where(r => r.GetProperty("@type").GetString() == type)
            .Select(r => new Uri(r.GetProperty("@id").GetString()!.TrimEnd('/') + "/"))
            .FirstOrDefault();
        var (baseAddress, publish) = (Find("PackageBaseAddress/3.0.0"), Find("PackagePublish/2.0.0"));
        transport.TrustResourcesOf(index, new[] { baseAddress, publish }.OfType<Uri>());
        _resources = (baseAddress, publish is null ? null : new Uri(publish.ToString().TrimEnd('/')));
        return _resources.Value;
    }

    private Uri Required(Uri? resource, string type) =>
        resource ?? throw new FeedException($"The service index of {Name} has no {type} resource.");

    private void Ensure(HttpStatusCode status, string? reason, string what)
    {
        if ((int)status is >= 200 and < 300) return;
        var hint = status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
            ? " Check the API key in the environment variable ModelPublishApiKeyVariable names." : "";
        throw new FeedException($"{Name} refused {what}: HTTP {(int)status} {reason}.{hint}");
    }
}
