namespace MLOps.GitHub;

/// <summary>
/// Sends the token only to the API's own origin (scheme, host and port), and for github.com to its upload host too:
/// a <c>Link</c> header or an <c>upload_url</c> that names another host gets the request without it.
/// </summary>
public sealed class CredentialsToOrigin(HttpMessageHandler inner, Uri apiAddress) : DelegatingHandler(inner)
{
    private static readonly Uri GitHubComUploads = new("https://uploads.github.com/");

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri is { } uri && !SameOrigin(uri, apiAddress) && !(apiAddress == ApiAddress.GitHubCom && SameOrigin(uri, GitHubComUploads)))
            request.Headers.Authorization = null;
        return base.SendAsync(request, cancellationToken);
    }

    private static bool SameOrigin(Uri a, Uri b) =>
        Uri.Compare(a, b, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;
}
