namespace MLOps.GitHub;

/// <summary>
/// The REST API's base address. github.com's is <c>https://api.github.com/</c>; GitHub Enterprise Server's is
/// <c>https://host/api/v3/</c>, and GITHUB_API_URL already says so there, while a bare <c>https://host</c> needs
/// <c>api/v3/</c> (as Octokit's own constructors append it): both end up at one <c>api/v3/</c>, never two.
/// </summary>
public static class ApiAddress
{
    public static readonly Uri GitHubCom = new("https://api.github.com/");

    /// <summary>The base address for <paramref name="apiUrl"/> (empty: github.com), ending in a slash so relative endpoints append.</summary>
    public static Uri For(string? apiUrl)
    {
        if (string.IsNullOrWhiteSpace(apiUrl)) return GitHubCom;
        var uri = new Uri(apiUrl.Trim(), UriKind.Absolute);
        if (uri.Host is "api.github.com" or "github.com") return GitHubCom;
        var path = uri.AbsolutePath.TrimEnd('/');
        if (!path.EndsWith("/api/v3", StringComparison.OrdinalIgnoreCase)) path += "/api/v3";
        return new UriBuilder(uri) { Path = path + "/", Query = "", Fragment = "" }.Uri;
    }
}
