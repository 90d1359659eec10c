using System.Net.Http.Headers;
using System.Text;
using NuGet.Configuration;

namespace MLOps.Engine.Packages.Feeds;

/// <summary>
/// Turns a source as a project names it into a feed, as NuGet would: the key of a package source in the nuget.config
/// files that apply to the project's folder (read with NuGet.Configuration, with the source's stored credentials),
/// an http(s) URL (a v3 service index or a v2 feed; credentials from a configured source with that URL), or a folder.
/// </summary>
public static class PackageFeeds
{
    /// <summary>The feed, or null when <paramref name="source"/> names none (the caller reports it); HTTP requests fail after <paramref name="timeout"/> of silence.</summary>
    public static IPackageFeed? Open(string source, string projectDirectory, TimeSpan timeout)
    {
        var sources = new PackageSourceProvider(Settings.LoadDefaultSettings(projectDirectory)).LoadPackageSources().ToArray();
        var configured = sources.FirstOrDefault(s => string.Equals(s.Name, source, StringComparison.OrdinalIgnoreCase))
            ?? sources.FirstOrDefault(s => string.Equals(s.Source.TrimEnd('/'), source.TrimEnd('/'), StringComparison.OrdinalIgnoreCase));
        var location = configured?.Source ?? source;
        if (Uri.TryCreate(location, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
            // A URL the project names itself is used as named, plain HTTP too (NuGet asks nuget.config to allow that: NU1302).
            return new HttpFeed(new PackageSource(location, configured?.Name ?? location) { AllowInsecureConnections = configured?.AllowInsecureConnections ?? true },
                new FeedTransport(uri, BasicAuthentication(configured?.Credentials), timeout));
        if (configured is not null || Directory.Exists(Path.GetFullPath(location, projectDirectory)))
            return new FolderFeed(Path.GetFullPath(location, projectDirectory));
        // A path that is not there yet is a folder feed to create (on push); a bare word is a source key nobody defined.
        return Path.IsPathRooted(source) || source.Contains('/') || source.Contains('\\') ? new FolderFeed(Path.GetFullPath(source, projectDirectory)) : null;
    }

    /// <summary>Which NuGet.Protocol the feeds run on, and from where: inside MSBuild, the task's own copy, not the SDK's.</summary>
    public static string Client
    {
        get
        {
            var assembly = typeof(NuGet.Protocol.Core.Types.SourceRepository).Assembly;
            var version = System.Diagnostics.FileVersionInfo.GetVersionInfo(assembly.Location).ProductVersion?.Split('+')[0];
            return $"NuGet.Protocol {version} from {assembly.Location} (load context {System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(assembly)?.Name})";
        }
    }

    /// <summary>A source's stored credentials as NuGet sends them: basic authentication.</summary>
    private static AuthenticationHeaderValue? BasicAuthentication(PackageSourceCredential? credential) =>
        credential is null ? null : new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credential.Username}:{credential.Password}")));
}
