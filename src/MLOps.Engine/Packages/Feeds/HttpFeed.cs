using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace MLOps.Engine.Packages.Feeds;

/// <summary>
/// A NuGet v3 HTTP feed, spoken over HttpClient: the service index names the flat container
/// (<c>PackageBaseAddress/3.0.0</c>: version lists and .nupkg downloads) and the push endpoint
/// (<c>PackagePublish/2.0.0</c>: PUT of a multipart form with the package, key in <c>X-NuGet-ApiKey</c>).
/// </summary>
public sealed class HttpFeed(Uri serviceIndex, HttpClient http) : IPackageFeed
{
    private (Uri? BaseAddress, Uri? Publish)? _resources;

    public string Name => serviceIndex.ToString();

    public async Task<IReadOnlyList<string>> VersionsAsync(string id, CancellationToken cancel = default)
    {
        var (baseAddress, _) = await Resources(cancel);
        using var response = await http.GetAsync(new Uri(Required(baseAddress, "PackageBaseAddress/3.0.0"), $"{id.ToLowerInvariant()}/index.json"), cancel);
        if (response.StatusCode == HttpStatusCode.NotFound) return [];
        await Ensure(response, $"listing the versions of {id}");
        using var json = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync(cancel));
        return json.RootElement.GetProperty("versions").EnumerateArray().Select(v => v.GetString()!).ToArray();
    }

    public async Task<byte[]?> DownloadAsync(string id, string version, CancellationToken cancel = default)
    {
        var (baseAddress, _) = await Resources(cancel);
        var (lowerId, lowerVersion) = (id.ToLowerInvariant(), version.ToLowerInvariant());
        using var response = await http.GetAsync(new Uri(Required(baseAddress, "PackageBaseAddress/3.0.0"), $"{lowerId}/{lowerVersion}/{lowerId}.{lowerVersion}.nupkg"), cancel);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        await Ensure(response, $"downloading {id} {version}");
        return await response.Content.ReadAsByteArrayAsync(cancel);
    }

    public async Task PushAsync(string id, string version, byte[] package, string? apiKey, CancellationToken cancel = default)
    {
        var (_, publish) = await Resources(cancel);
        using var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(package);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Add(file, "package", "package.nupkg");
        using var request = new HttpRequestMessage(HttpMethod.Put, Required(publish, "PackagePublish/2.0.0")) { Content = content };
        if (!string.IsNullOrEmpty(apiKey)) request.Headers.Add("X-NuGet-ApiKey", apiKey);
        using var response = await http.SendAsync(request, cancel);
        if (response.StatusCode == HttpStatusCode.Conflict)
            throw new FeedException($"{Name} already has {id} {version} (HTTP 409).");
        await Ensure(response, $"pushing {id} {version}");
    }

    private async Task<(Uri? BaseAddress, Uri? Publish)> Resources(CancellationToken cancel)
    {
        if (_resources is { } known) return known;
        using var response = await http.GetAsync(serviceIndex, cancel);
        await Ensure(response, "reading the service index");
        using var json = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync(cancel));
        Uri? Find(string type) => json.RootElement.GetProperty("resources").EnumerateArray()
            .Where(r => r.GetProperty("@type").GetString() == type)
            .Select(r => new Uri(r.GetProperty("@id").GetString()!.TrimEnd('/') + "/"))
            .FirstOrDefault();
        var publish = Find("PackagePublish/2.0.0");
        _resources = (Find("PackageBaseAddress/3.0.0"), publish is null ? null : new Uri(publish.ToString().TrimEnd('/')));
        return _resources.Value;
    }

    private Uri Required(Uri? resource, string type) =>
        resource ?? throw new FeedException($"The service index of {Name} has no {type} resource.");

    private async Task Ensure(HttpResponseMessage response, string what)
    {
        if (response.IsSuccessStatusCode) return;
        var hint = response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
            ? " Check the API key in the environment variable ModelPublishApiKeyVariable names." : "";
        throw new FeedException($"{Name} refused {what}: HTTP {(int)response.StatusCode} {response.ReasonPhrase}.{hint}");
    }
}
