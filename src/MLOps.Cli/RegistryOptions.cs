using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using MLOps.Engine.Diagnostics;
using MLOps.Engine.Packages.Feeds;

namespace MLOps.Cli;

/// <summary>The options the registry commands share: <c>--source</c> (a feed) and <c>--json</c>.</summary>
internal static class RegistryOptions
{
    public static Option<string> Source() => new("--source", "-s")
    {
        Description = "The feed: a folder, a v3 service index URL, or the key of a package source in a nuget.config above the current directory (its credentials are used).",
        Required = true,
    };

    public static Option<bool> Json() => new("--json") { Description = "Write the result as JSON to standard output, for scripts." };

    /// <summary>The feed <paramref name="source"/> names, or null with an error.</summary>
    public static IPackageFeed? Open(string source, DiagnosticBag diagnostics)
    {
        var feed = PackageFeeds.Open(source, Environment.CurrentDirectory, FeedTimeout.Default);
        if (feed is null)
            diagnostics.Error(DiagnosticCodes.FeedNotFound, $"--source '{source}' is not a URL, a folder, or the key of a package source in a nuget.config above the current directory.");
        return feed;
    }

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // trend lines and names as typed, not \uXXXX (stdout, not HTML)
    };

    /// <summary>Writes <paramref name="value"/> as indented camel-case JSON to standard output.</summary>
    public static void WriteJson<T>(T value) => Console.Out.WriteLine(JsonSerializer.Serialize(value, JsonOptions));

    /// <summary>Runs a feed operation; a feed that fails becomes its coded error instead of a stack trace.</summary>
    public static async Task<T?> Feed<T>(string what, Func<Task<T?>> operation, DiagnosticBag diagnostics) where T : class
    {
        try
        {
            return await operation();
        }
        // A TaskCanceledException of a canceled token is Ctrl+C (Program reports it); without, it is the feed's timeout.
        catch (Exception e) when (e is FeedException or HttpRequestException or TaskCanceledException { CancellationToken.IsCancellationRequested: false })
        {
            diagnostics.Error(FeedException.CodeOf(e), $"{what} failed: {e.Message}");
            return null;
        }
    }
}
