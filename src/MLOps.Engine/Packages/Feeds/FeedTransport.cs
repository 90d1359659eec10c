using System.Net;
using System.Net.Http.Headers;

namespace MLOps.Engine.Packages.Feeds;

/// <summary>A feed's answer: status, body, and the URL that gave it (after redirects).</summary>
public sealed record FeedResponse(HttpStatusCode Status, string? Reason, byte[] Body, Uri Uri);

/// <summary>
/// Sends a feed's requests. Credentials and the API key go only to trusted origins (scheme, host and port): the
/// source's own, and those its service index names when the source itself served it. Redirects are followed here,
/// because HttpClient's own redirect handling drops <c>Authorization</c> but not custom headers such as
/// <c>X-NuGet-ApiKey</c>: a redirect to another origin is followed without them, except for a push, which is refused
/// (the package and key are meant for the feed). A feed that sends nothing for <see cref="Timeout"/> fails the
/// request with an error that names it, instead of HttpClient's 100 s or more.
/// </summary>
public sealed class FeedTransport(HttpClient http, Uri source, AuthenticationHeaderValue? credentials, TimeSpan timeout)
{
    private const int MaxRedirects = 10;
    private readonly HashSet<string> _trusted = [Origin(source)];
    private readonly string _feedName = source.ToString();

    /// <summary>One client for every feed: redirects are ours to follow, and timeouts are per request.</summary>
    public static HttpClient CreateClient() =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };

    public TimeSpan Timeout => timeout;

    /// <summary>Trusts the origins of <paramref name="resources"/> with the secrets, when <paramref name="namedBy"/> (the service index's answer) came from a trusted origin.</summary>
    public void TrustResourcesOf(FeedResponse namedBy, IEnumerable<Uri> resources)
    {
        if (!_trusted.Contains(Origin(namedBy.Uri))) return;
        foreach (var resource in resources) _trusted.Add(Origin(resource));
    }

    /// <summary>
    /// The response to a <paramref name="method"/> request (a fresh <paramref name="content"/> for each hop; the API key
    /// and credentials only on trusted origins) and its body, read with the same timeout, renewed for each chunk.
    /// </summary>
    public async Task<FeedResponse> SendAsync(
        HttpMethod method, Uri uri, Func<HttpContent?> content, string? apiKey, string what, CancellationToken cancel)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var origin = uri;
        var secrets = _trusted.Contains(Origin(uri));
        try
        {
            for (var redirects = 0; ; redirects++)
            {
                deadline.CancelAfter(timeout);
                using var request = new HttpRequestMessage(method, uri) { Content = content() };
                if (secrets)
                {
                    request.Headers.Authorization = credentials;
                    if (!string.IsNullOrEmpty(apiKey)) request.Headers.Add("X-NuGet-ApiKey", apiKey);
                }
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
                if (Redirect(response) is not { } target)
                    return new FeedResponse(response.StatusCode, response.ReasonPhrase, await ReadBodyAsync(response, deadline), uri);
                if (redirects == MaxRedirects)
                    throw new FeedException($"{_feedName} redirected {what} more than {MaxRedirects} times.");
                target = new Uri(uri, target);
                if (Origin(origin) != Origin(target))
                {
                    if (method != HttpMethod.Get)
                        throw new FeedException(
                            $"{_feedName} redirected {what} to another origin ({target.GetLeftPart(UriPartial.Authority)}); the request carries the API key and credentials meant for {origin.GetLeftPart(UriPartial.Authority)}, so it was not sent there.",
                            Diagnostics.DiagnosticCodes.FeedRedirectRefused);
                    secrets = false; // once the request has left its origin, it stays without them
                }
                // 301/302/303 turn anything but GET into a GET without a body, as browsers and HttpClient do; a push must not.
                if (method != HttpMethod.Get && (int)response.StatusCode is 301 or 302 or 303)
                    throw new FeedException($"{_feedName} answered {what} with HTTP {(int)response.StatusCode}, a redirect that would drop the package; use the URL it names ({target}).",
                        Diagnostics.DiagnosticCodes.FeedRedirectRefused);
                uri = target;
            }
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            throw new FeedException(
                $"{_feedName} did not answer {what} within {Describe(timeout)} (ModelFeedTimeout; the request was to {uri.GetLeftPart(UriPartial.Path)}).",
                Diagnostics.DiagnosticCodes.FeedTimedOut);
        }
    }

    private static Uri? Redirect(HttpResponseMessage response) =>
        (int)response.StatusCode is 301 or 302 or 303 or 307 or 308 ? response.Headers.Location : null;

    private static string Origin(Uri uri) => $"{uri.Scheme}://{uri.IdnHost}:{uri.Port}".ToLowerInvariant();

    private async Task<byte[]> ReadBodyAsync(HttpResponseMessage response, CancellationTokenSource deadline)
    {
        using var body = await response.Content.ReadAsStreamAsync(deadline.Token);
        using var memory = new MemoryStream();
        var buffer = new byte[1 << 16];
        int read;
        while ((read = await body.ReadAsync(buffer, deadline.Token)) > 0)
        {
            memory.Write(buffer, 0, read);
            deadline.CancelAfter(timeout); // a slow download is fine; a stalled one is not
        }
        return memory.ToArray();
    }

    /// <summary>"5 s", "2 min 30 s": how long, as a person reads it.</summary>
    public static string Describe(TimeSpan span) =>
        span.TotalSeconds < 60 ? $"{span.TotalSeconds:0.###} s"
        : $"{(int)span.TotalMinutes} min" + (span.Seconds > 0 ? $" {span.Seconds} s" : "");
}
