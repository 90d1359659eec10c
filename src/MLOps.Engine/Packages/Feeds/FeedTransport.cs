using System.Net.Http.Headers;

namespace MLOps.Engine.Packages.Feeds;

/// <summary>
/// The HTTP handler under NuGet.Protocol for one feed. Credentials and the API key go only to trusted origins (scheme,
/// host and port): the source's own, and those its service index names when the source itself served it. Redirects
/// are followed here, because HttpClient's own redirect handling drops <c>Authorization</c> but not custom headers
/// such as <c>X-NuGet-ApiKey</c>: a redirect to another origin is followed without them, except for a push, which is
/// refused (the package and key are meant for the feed). A feed that sends nothing for <see cref="Timeout"/> fails
/// the request (<see cref="FeedTimedOutException"/>), instead of NuGet's 100 s or more.
/// </summary>
public sealed class FeedTransport : DelegatingHandler
{
    private const int MaxRedirects = 10;
    private const string ApiKeyHeader = "X-NuGet-ApiKey";
    private readonly HashSet<string> _trusted;
    private readonly Uri _source;
    private readonly AuthenticationHeaderValue? _credentials;
    private Uri? _sourceServedBy;

    public FeedTransport(Uri source, AuthenticationHeaderValue? credentials, TimeSpan timeout)
        : base(new HttpClientHandler { AllowAutoRedirect = false, AutomaticDecompression = System.Net.DecompressionMethods.All })
    {
        (_source, _credentials, Timeout) = (source, credentials, timeout);
        _trusted = [Origin(source)];
    }

    /// <summary>The handler NuGet.Protocol's <c>HttpHandlerResource</c> asks for beside the message handler.</summary>
    public HttpClientHandler ClientHandler => (HttpClientHandler)InnerHandler!;

    public TimeSpan Timeout { get; }

    /// <summary>Trusts the origins of <paramref name="resources"/> (named by the service index) with the secrets, when the index came from a trusted origin.</summary>
    public void TrustResourcesOfServiceIndex(IEnumerable<Uri> resources)
    {
        lock (_trusted)
        {
            if (_sourceServedBy is null || !_trusted.Contains(Origin(_sourceServedBy))) return;
            foreach (var resource in resources) _trusted.Add(Origin(resource));
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancel)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var (method, origin, uri) = (request.Method, request.RequestUri!, request.RequestUri!);
        // The body is sent again on a redirect (307/308), so it is read once, here.
        var body = request.Content is null ? null : await request.Content.ReadAsByteArrayAsync(cancel);
        var contentHeaders = request.Content?.Headers.ToArray() ?? [];
        var secrets = Trusted(uri);
        try
        {
            for (var redirects = 0; ; redirects++)
            {
                deadline.CancelAfter(Timeout);
                using var hop = Hop(request, uri, body, contentHeaders, secrets);
                var response = await base.SendAsync(hop, deadline.Token);
                if (Redirect(response) is not { } target)
                {
                    if (uri == _source) lock (_trusted) _sourceServedBy = uri;
                    return await Buffered(response, deadline);
                }
                response.Dispose();
                if (redirects == MaxRedirects)
                    throw new FeedException($"{_source} redirected a {method} request more than {MaxRedirects} times.");
                target = new Uri(uri, target);
                if (Origin(origin) != Origin(target))
                {
                    if (method != HttpMethod.Get)
                        throw new FeedException(
                            $"{_source} redirected a {method} request to another origin ({target.GetLeftPart(UriPartial.Authority)}); the request carries the API key and credentials meant for {origin.GetLeftPart(UriPartial.Authority)}, so it was not sent there.",
                            Diagnostics.DiagnosticCodes.FeedRedirectRefused);
                    secrets = false; // once the request has left its origin, it stays without them
                }
                // 301/302/303 turn anything but GET into a GET without a body, as browsers and HttpClient do; a push must not.
                if (method != HttpMethod.Get && (int)response.StatusCode is 301 or 302 or 303)
                    throw new FeedException($"{_source} answered a {method} request with HTTP {(int)response.StatusCode}, a redirect that would drop the package; use the URL it names ({target}).",
                        Diagnostics.DiagnosticCodes.FeedRedirectRefused);
                uri = target;
            }
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            throw new FeedTimedOutException(uri, Timeout);
        }
    }

    /// <summary>The request for one hop: the original's headers, and the secrets only when <paramref name="secrets"/>.</summary>
    private HttpRequestMessage Hop(HttpRequestMessage original, Uri uri, byte[]? body, KeyValuePair<string, IEnumerable<string>>[] contentHeaders, bool secrets)
    {
        var hop = new HttpRequestMessage(original.Method, uri) { Version = original.Version };
        foreach (var header in original.Headers)
            if (header.Key != ApiKeyHeader && header.Key != "Authorization" || secrets) hop.Headers.TryAddWithoutValidation(header.Key, header.Value);
        if (secrets && hop.Headers.Authorization is null) hop.Headers.Authorization = _credentials;
        if (body is not null)
        {
            hop.Content = new ByteArrayContent(body);
            foreach (var header in contentHeaders.Where(h => h.Key != "Content-Length")) hop.Content.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }
        return hop;
    }

    private bool Trusted(Uri uri)
    {
        lock (_trusted) return _trusted.Contains(Origin(uri));
    }

    private static Uri? Redirect(HttpResponseMessage response) =>
        (int)response.StatusCode is 301 or 302 or 303 or 307 or 308 ? response.Headers.Location : null;

    private static string Origin(Uri uri) => $"{uri.Scheme}://{uri.IdnHost}:{uri.Port}".ToLowerInvariant();

    /// <summary>The response with its body read here, under the same timeout renewed for each chunk: a slow download is fine; a stalled one is not.</summary>
    private async Task<HttpResponseMessage> Buffered(HttpResponseMessage response, CancellationTokenSource deadline)
    {
        using var memory = new MemoryStream();
        using (var body = await response.Content.ReadAsStreamAsync(deadline.Token))
        {
            var buffer = new byte[1 << 16];
            int read;
            while ((read = await body.ReadAsync(buffer, deadline.Token)) > 0)
            {
                memory.Write(buffer, 0, read);
                deadline.CancelAfter(Timeout);
            }
        }
        var content = new ByteArrayContent(memory.ToArray());
        foreach (var header in response.Content.Headers) content.Headers.TryAddWithoutValidation(header.Key, header.Value);
        response.Content.Dispose();
        response.Content = content;
        return response;
    }

    /// <summary>"5 s", "2 min 30 s": how long, as a person reads it.</summary>
    public static string Describe(TimeSpan span) =>
        span.TotalSeconds < 60 ? $"{span.TotalSeconds:0.###} s"
        : $"{(int)span.TotalMinutes} min" + (span.Seconds > 0 ? $" {span.Seconds} s" : "");
}

/// <summary>A feed sent nothing for the whole <c>ModelFeedTimeout</c>; the feed that made the request says what it was doing.</summary>
public sealed class FeedTimedOutException(Uri request, TimeSpan timeout)
    : Exception($"No answer within {FeedTransport.Describe(timeout)} from {request.GetLeftPart(UriPartial.Path)}.")
{
    public Uri Request { get; } = request;
    public TimeSpan Timeout { get; } = timeout;
}
