using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Xunit;

namespace MLOps.Build.Tests;

/// <summary>Feeds that redirect elsewhere or stop answering: credentials stay with their feed, and a hung feed fails promptly with a coded error.</summary>
public class FeedSafetyTests
{
    private static readonly string Id = "Contoso.Models.Feeds" + Guid.NewGuid().ToString("N")[..8]; // a fresh id: versions are cached by id
    private const string ApiKey = "oy2-push-key-for-the-origin-only";
    private const string Credentials = """

          <packageSourceCredentials>
            <models><add key="Username" value="reader" /><add key="ClearTextPassword" value="s3cret-password" /></models>
          </packageSourceCredentials>
        """;

    private static ModelProject Version(string version, string properties) =>
        new ModelProject().WithChurnProject($"<PackageId>{Id}</PackageId><Version>{version}</Version>{properties}",
            """<ModelGate Include="auc" MaxDecrease="0.01" />""");

    private static ModelProject WithOriginFeed(ModelProject project, LoopbackFeed origin)
    {
        ModelProject.WriteNuGetConfig(project.Directory, Credentials, ("models", origin.ServiceIndex, "Contoso.*"));
        project.Environment["NUGET_API_KEY"] = ApiKey;
        return project;
    }

    private static string[] RequestsTo(LoopbackFeed feed)
    {
        lock (feed.Requests) return [.. feed.Requests];
    }

    [Fact]
    public void Credentials_and_the_API_key_never_follow_a_redirect_to_another_origin()
    {
        using var origin = new LoopbackFeed(ApiKey, "reader", "s3cret-password");
        using var elsewhere = new LoopbackFeed(ApiKey);

        // Push: a 307 to another origin would resend the key there; it is refused instead.
        origin.RedirectTo(elsewhere.BaseUrl, 307, "/api/v2/package");
        using var first = WithOriginFeed(Version("1.0.0", "<ModelPublishSource>models</ModelPublishSource>"), origin);
        var refused = first.Build("-t:PublishModel");
        Assert.False(refused.Succeeded, refused.Output);
        Assert.Contains("error MLOPS4020", refused.Output);
        Assert.Contains(elsewhere.BaseUrl.TrimEnd('/'), refused.Output);
        Assert.Empty(RequestsTo(elsewhere));
        Assert.Empty(elsewhere.Packages);

        // The package reaches the other feed directly; then the origin sends downloads there (as feeds send them to a CDN).
        first.Environment["NUGET_API_KEY"] = ApiKey;
        var published = first.Build("-t:PublishModel", $"-p:ModelPublishSource={elsewhere.ServiceIndex}");
        Assert.True(published.Succeeded, published.Output);
        lock (elsewhere.Requests) elsewhere.Requests.Clear();

        origin.RedirectTo(elsewhere.BaseUrl, 302, "/v3-flatcontainer/");
        using var second = WithOriginFeed(Version("1.1.0", $"<BaselinePackageId>{Id}</BaselinePackageId><BaselineSource>models</BaselineSource>"), origin);
        var gated = second.Build();
        Assert.True(gated.Succeeded, gated.Output);
        Assert.Equal($"{Id} 1.0.0", BaselineOf(second));
        Assert.Contains(RequestsTo(elsewhere), r => r.StartsWith($"GET /v3-flatcontainer/{Id.ToLowerInvariant()}/1.0.0/", StringComparison.Ordinal));
        Assert.All(RequestsTo(elsewhere), r => Assert.EndsWith("apikey=False authorization=False", r));

        // The service index itself moved to another origin: read there, without the origin's credentials.
        origin.RedirectTo(elsewhere.BaseUrl, 301, "/v3/index.json");
        lock (elsewhere.Requests) elsewhere.Requests.Clear();
        second.Environment["NUGET_HTTP_CACHE_PATH"] = Path.Combine(second.Directory, "http-cache"); // NuGet keeps a service index for 30 minutes
        var again = second.Build("-t:Rebuild");
        Assert.True(again.Succeeded, again.Output);
        Assert.Contains("GET /v3/index.json apikey=False authorization=False", RequestsTo(elsewhere));
        Assert.All(RequestsTo(elsewhere), r => Assert.EndsWith("apikey=False authorization=False", r));
        Assert.DoesNotContain("s3cret-password", gated.Output + again.Output + refused.Output);
        Assert.DoesNotContain(ApiKey, refused.Output);
    }

    [Fact]
    public void A_feed_that_never_answers_fails_within_ModelFeedTimeout_naming_the_source()
    {
        using var hung = new TcpListener(IPAddress.Loopback, 0);
        hung.Start(); // accepts connections (the backlog) and never answers
        var source = $"http://127.0.0.1:{((IPEndPoint)hung.LocalEndpoint).Port}/v3/index.json";
        using var project = Version("1.1.0", $"<BaselinePackageId>{Id}</BaselinePackageId><BaselineSource>{source}</BaselineSource><ModelFeedTimeout>00:00:02</ModelFeedTimeout>");

        var clock = Stopwatch.StartNew();
        var result = project.Build();

        Assert.False(result.Succeeded, result.Output);
        // Which request meets the silence first (the service index, or a call NuGet retries after it) depends on timing;
        // the user must read the feed, that it did not answer and the timeout, whichever it was.
        var error = result.Output.Split('\n').FirstOrDefault(line => line.Contains("error MLOPS4021"));
        Assert.True(error is not null, result.Output);
        Assert.Contains($"{source} did not answer ", error);
        Assert.Contains(" within 2 s (ModelFeedTimeout", error);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(100), $"took {clock.Elapsed}"); // the build itself takes a while; HttpClient alone would wait 100 s or more
    }

    [Theory]
    [InlineData("soon")]
    [InlineData("00:00:00")]
    public void An_invalid_ModelFeedTimeout_is_a_coded_error(string value)
    {
        using var project = Version("1.1.0", $"<BaselinePackageId>{Id}</BaselinePackageId><BaselineSource>http://127.0.0.1:9/v3/index.json</BaselineSource><ModelFeedTimeout>{value}</ModelFeedTimeout>");
        var result = project.Build();
        Assert.False(result.Succeeded, result.Output);
        Assert.Contains($"error MLOPS4022: ModelFeedTimeout '{value}' is not a positive time", result.Output);
    }

    private static string BaselineOf(ModelProject project) =>
        JsonDocument.Parse(File.ReadAllBytes(Path.Combine(project.OutputDirectory, "Churn.gate.json"))).RootElement.GetProperty("baselineModel").GetString()!;
}
