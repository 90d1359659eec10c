using MLOps.Engine.Diagnostics;

namespace MLOps.Engine.Packages.Feeds;

/// <summary>A NuGet feed, as far as model packages need one: list versions, download one, push one.</summary>
public interface IPackageFeed
{
    /// <summary>How the feed is named in messages (its folder or URL, never a key).</summary>
    string Name { get; }

    /// <summary>Every version of <paramref name="id"/> the feed has (empty when none).</summary>
    Task<IReadOnlyList<string>> VersionsAsync(string id, CancellationToken cancel = default);

    /// <summary>The package's bytes, or null when the feed does not have that version.</summary>
    Task<byte[]?> DownloadAsync(string id, string version, CancellationToken cancel = default);

    /// <summary>Adds a package to the feed.</summary>
    Task PushAsync(string id, string version, byte[] package, string? apiKey, CancellationToken cancel = default);
}

/// <summary>
/// A feed refused or failed a request; the message names the feed and the status, never the API key. The code says
/// which failure it was (a refused request by default).
/// </summary>
public sealed class FeedException(string message, string code = DiagnosticCodes.FeedRequestFailed) : Exception(message)
{
    public string Code { get; } = code;

    /// <summary>The code to report a failed feed request with: the feed's own, or "request failed" for a network error.</summary>
    public static string CodeOf(Exception e) => e is FeedException feed ? feed.Code : DiagnosticCodes.FeedRequestFailed;
}
