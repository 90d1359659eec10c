using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Xml.Linq;

namespace MLOps.Build.Tests;

/// <summary>
/// A NuGet v3 feed on a loopback port, as much of the published protocol as pushing and restoring models use: the
/// service index, the flat container (PackageBaseAddress/3.0.0: version lists and downloads) and the push
/// endpoint (PackagePublish/2.0.0: PUT of a multipart form, key in X-NuGet-ApiKey; 403 for a wrong key, 409 for a
/// version it has). It stands in for nuget.org or a private feed, which tests cannot reach.
/// </summary>
internal sealed class LoopbackFeed : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Dictionary<string, byte[]> _packages = new(StringComparer.OrdinalIgnoreCase);
    private readonly string _apiKey;
    private readonly CancellationTokenSource _stop = new();

    private readonly string? _basicAuthorization;

    /// <summary>A feed that takes pushes with <paramref name="apiKey"/> and, when <paramref name="user"/> is given, answers only requests with those basic credentials.</summary>
    public LoopbackFeed(string apiKey, string? user = null, string? password = null)
    {
        _apiKey = apiKey;
        _basicAuthorization = user is null ? null : "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));
        var port = FreePort();
        BaseUrl = $"http://127.0.0.1:{port}/";
        _listener.Prefixes.Add(BaseUrl);
        _listener.Start();
        _ = Task.Run(Serve);
    }

    public string BaseUrl { get; }
    public string ServiceIndex => BaseUrl + "v3/index.json";
    /// <summary>Every request line and header the feed received, to check what reached it.</summary>
    public List<string> Requests { get; } = [];
    public IReadOnlyDictionary<string, byte[]> Packages => _packages;

    private readonly List<(string PathPrefix, string Location, int Status)> _redirects = [];

    /// <summary>From now on, answers requests whose path starts with <paramref name="pathPrefix"/> with a redirect to the same path under <paramref name="baseUrl"/>.</summary>
    public void RedirectTo(string baseUrl, int status, string pathPrefix)
    {
        lock (_redirects) _redirects.Add((pathPrefix, baseUrl, status));
    }

    private static int FreePort()
    {
        var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        var port = ((IPEndPoint)socket.LocalEndpoint).Port;
        socket.Stop();
        return port;
    }

    private async Task Serve()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception) { return; }
            try { Handle(context); }
            catch (Exception e) { Respond(context, 500, e.Message); }
        }
    }

    private void Handle(HttpListenerContext context)
    {
        var request = context.Request;
        var path = request.Url!.AbsolutePath;
        lock (Requests) Requests.Add($"{request.HttpMethod} {path} apikey={request.Headers["X-NuGet-ApiKey"] is not null} authorization={request.Headers["Authorization"] is not null}");
        (string PathPrefix, string Location, int Status) redirect;
        lock (_redirects) redirect = _redirects.LastOrDefault(r => path.StartsWith(r.PathPrefix, StringComparison.Ordinal));
        if (redirect.Location is not null)
        {
            context.Response.RedirectLocation = redirect.Location.TrimEnd('/') + path;
            Respond(context, redirect.Status, "moved");
            return;
        }
        if (_basicAuthorization is not null && request.Headers["Authorization"] != _basicAuthorization)
        {
            context.Response.AddHeader("WWW-Authenticate", "Basic realm=\"feed\"");
            Respond(context, 401, "credentials required");
            return;
        }
        if (request.HttpMethod == "GET" && path == "/v3/index.json")
        {
            Respond(context, 200, $$"""
                { "version": "3.0.0", "resources": [
                  { "@id": "{{BaseUrl}}v3-flatcontainer/", "@type": "PackageBaseAddress/3.0.0" },
                  { "@id": "{{BaseUrl}}api/v2/package", "@type": "PackagePublish/2.0.0" } ] }
                """, "application/json");
            return;
        }
        if (request.HttpMethod == "PUT" && path.TrimEnd('/') == "/api/v2/package") // NuGet's push adds the slash
        {
            if (request.Headers["X-NuGet-ApiKey"] != _apiKey) { Respond(context, 403, "bad key"); return; }
            var package = FirstFilePart(request);
            var (id, version) = Identity(package);
            lock (_packages)
            {
                var key = $"{id.ToLowerInvariant()}/{version.ToLowerInvariant()}";
                if (_packages.ContainsKey(key)) { Respond(context, 409, "exists"); return; }
                _packages[key] = package;
            }
            Respond(context, 201, "");
            return;
        }
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (request.HttpMethod == "GET" && parts is ["v3-flatcontainer", var packageId, "index.json"])
        {
            string[] versions;
            lock (_packages) versions = _packages.Keys.Where(k => k.StartsWith(packageId + "/", StringComparison.Ordinal)).Select(k => k.Split('/')[1]).ToArray();
            if (versions.Length == 0) Respond(context, 404, "");
            else Respond(context, 200, $"{{ \"versions\": [{string.Join(", ", versions.Select(v => $"\"{v}\""))}] }}", "application/json");
            return;
        }
        if (request.HttpMethod == "GET" && parts is ["v3-flatcontainer", var id2, var version2, var file])
        {
            byte[]? bytes;
            lock (_packages) _packages.TryGetValue($"{id2}/{version2}", out bytes);
            if (bytes is null) { Respond(context, 404, ""); return; }
            if (file.EndsWith(".nuspec", StringComparison.Ordinal)) bytes = Nuspec(bytes); // the flat container serves the .nuspec alone too
            context.Response.StatusCode = 200;
            context.Response.OutputStream.Write(bytes);
            context.Response.Close();
            return;
        }
        Respond(context, 404, "");
    }

    private static byte[] FirstFilePart(HttpListenerRequest request)
    {
        using var memory = new MemoryStream();
        request.InputStream.CopyTo(memory);
        var body = memory.ToArray();
        var boundary = "--" + request.ContentType!.Split("boundary=")[1].Trim('"');
        var text = Encoding.Latin1.GetString(body);
        var start = text.IndexOf("\r\n\r\n", text.IndexOf(boundary, StringComparison.Ordinal), StringComparison.Ordinal) + 4;
        var end = text.IndexOf("\r\n" + boundary, start, StringComparison.Ordinal);
        return body[start..end];
    }

    private static byte[] Nuspec(byte[] package)
    {
        using var zip = new ZipArchive(new MemoryStream(package));
        using var stream = zip.Entries.First(e => !e.FullName.Contains('/') && e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open();
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }

    private static (string Id, string Version) Identity(byte[] package)
    {
        using var zip = new ZipArchive(new MemoryStream(package));
        var nuspec = zip.Entries.First(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        using var stream = nuspec.Open();
        var metadata = XDocument.Load(stream).Root!.Elements().First(e => e.Name.LocalName == "metadata");
        return (metadata.Elements().First(e => e.Name.LocalName == "id").Value, metadata.Elements().First(e => e.Name.LocalName == "version").Value);
    }

    private static void Respond(HttpListenerContext context, int status, string body, string type = "text/plain")
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = type;
        var bytes = Encoding.UTF8.GetBytes(body);
        context.Response.OutputStream.Write(bytes);
        context.Response.Close();
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Close();
    }
}
