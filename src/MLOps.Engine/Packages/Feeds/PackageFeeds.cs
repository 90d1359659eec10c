using System.Xml.Linq;

namespace MLOps.Engine.Packages.Feeds;

/// <summary>
/// Turns a source as a project names it into a feed: an http(s) URL is a v3 service index, an existing folder a
/// folder feed, anything else the key of a package source in the nuget.config files from the project's folder up
/// (read as NuGet reads them, the nearest file first).
/// </summary>
public static class PackageFeeds
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromMinutes(5) };

    /// <summary>The feed, or null when <paramref name="source"/> names none (the caller reports it).</summary>
    public static IPackageFeed? Open(string source, string projectDirectory)
    {
        var resolved = Resolve(source, projectDirectory);
        if (resolved is null) return null;
        if (Uri.TryCreate(resolved, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
            return new HttpFeed(uri, Http);
        return new FolderFeed(Path.GetFullPath(resolved, projectDirectory));
    }

    private static string? Resolve(string source, string projectDirectory)
    {
        if (source.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || source.StartsWith("https://", StringComparison.OrdinalIgnoreCase)) return source;
        if (Directory.Exists(Path.GetFullPath(source, projectDirectory))) return source;
        var key = FromNuGetConfig(source, projectDirectory);
        if (key is not null) return key;
        // A path that is not there yet is a folder feed to create (on push); a bare word is a source key nobody defined.
        return Path.IsPathRooted(source) || source.Contains('/') || source.Contains('\\') ? source : null;
    }

    private static string? FromNuGetConfig(string source, string projectDirectory)
    {
        for (var directory = new DirectoryInfo(projectDirectory); directory is not null; directory = directory.Parent)
            foreach (var name in new[] { "nuget.config", "NuGet.Config", "NuGet.config" })
            {
                var file = Path.Combine(directory.FullName, name);
                if (!File.Exists(file)) continue;
                var value = XDocument.Load(file).Root?.Element("packageSources")?.Elements("add")
                    .FirstOrDefault(e => string.Equals((string?)e.Attribute("key"), source, StringComparison.OrdinalIgnoreCase))?.Attribute("value")?.Value;
                if (value is not null) return Path.IsPathRooted(value) || value.Contains("://") ? value : Path.GetFullPath(value, directory.FullName);
                break;
            }
        return null;
    }
}
