using System.Text.Json;
using Xunit;

namespace MLOps.Build.Tests;

/// <summary>A release manager publishes model versions to a feed; the next version gates against the last one, resolved from that feed.</summary>
public class PublishTests
{
    private static readonly string Id = "Contoso.Models.Churn" + Guid.NewGuid().ToString("N")[..8]; // a fresh id: versions are cached by id

    private static ModelProject Version(string version, string properties = "", string items = "") =>
        new ModelProject().WithChurnProject($"<PackageId>{Id}</PackageId><Version>{version}</Version>{properties}",
            """<ModelGate Include="auc" MaxDecrease="0.01" />""" + items);

    private static string BaselineOf(ModelProject project) =>
        JsonDocument.Parse(File.ReadAllBytes(Path.Combine(project.OutputDirectory, "Churn.gate.json"))).RootElement.GetProperty("baselineModel").GetString()!;

    [Fact]
    public void Publishing_to_a_folder_feed_is_idempotent_for_the_same_bytes_and_the_next_version_gates_against_it()
    {
        var feed = Path.Combine(Path.GetTempPath(), "mlops-e2e-feeds", Guid.NewGuid().ToString("N")[..12]);
        using var first = Version("1.0.0", $"<ModelPublishSource>{feed}</ModelPublishSource>");
        var published = first.Build("-t:PublishModel");
        Assert.True(published.Succeeded, published.Output);
        Assert.Contains($"Published {Id} 1.0.0 to {feed}", published.Output);
        Assert.True(File.Exists(Path.Combine(feed, Id.ToLowerInvariant(), "1.0.0", $"{Id.ToLowerInvariant()}.1.0.0.nupkg")));

        var again = first.Build("-t:PublishModel");
        Assert.True(again.Succeeded, again.Output);
        Assert.Contains("with identical content: nothing to publish", again.Output);

        using var second = Version("1.1.0", $"<BaselinePackageId>{Id}</BaselinePackageId><BaselineSource>{feed}</BaselineSource>");
        var gated = second.Build();
        Assert.True(gated.Succeeded, gated.Output);
        Assert.Equal($"{Id} 1.0.0", BaselineOf(second));
        Assert.True(File.Exists(Path.Combine(Repository.PackagesFolder, Id.ToLowerInvariant(), "1.0.0", ".mlops-verified")));

        // The extracted baseline is checked each time it is used: an edited model is never gated against.
        var extracted = Path.Combine(Repository.PackagesFolder, Id.ToLowerInvariant(), "1.0.0");
        var model = Path.Combine(extracted, "models", "Churn.model.json");
        File.WriteAllText(model, File.ReadAllText(model).Replace("\"intercept\": ", "\"intercept\": 1"));
        var tampered = second.Build();
        Assert.False(tampered.Succeeded, tampered.Output);
        Assert.Contains($"error MLOPS4023: Baseline {Id} 1.0.0 in {extracted}: 'models/Churn.model.json' has SHA-256", tampered.Output);
        Directory.Delete(extracted, recursive: true);
        Assert.True(second.Build().Succeeded); // downloaded and verified again

        first.EditData("train.csv", "C01000000,34,", "C01000000,35,");
        var changed = first.Build("-t:PublishModel");
        Assert.False(changed.Succeeded);
        Assert.Contains($"error MLOPS4006: {feed} already has {Id} 1.0.0 with different content", changed.Output);
    }

    [Fact]
    public void Publishing_to_an_http_feed_sends_the_key_but_never_logs_it_and_baselines_resolve_over_http()
    {
        const string secret = "oy2-very-secret-api-key-do-not-log";
        using var server = new LoopbackFeed(secret);
        using var first = Version("1.0.0", $"<ModelPublishSource>{server.ServiceIndex}</ModelPublishSource>");
        first.Environment["NUGET_API_KEY"] = secret;
        var binlog = Path.Combine(first.Directory, "publish.binlog");

        var published = first.Build("-t:PublishModel", $"-bl:{binlog}", "-v:detailed");

        Assert.True(published.Succeeded, published.Output);
        // Inside MSBuild, which has NuGet.* of its own (another build of 7.9.0), the task's load context holds the task's copy.
        var client = published.Output.Split('\n').Single(line => line.Contains("Feeds: NuGet.Protocol"));
        Assert.Contains("Feeds: NuGet.Protocol 7.9.0 from " + Path.Combine(Repository.PackagesFolder, "mlops.build.sdk", Repository.Version, "tasks"), client);
        Assert.Contains("(load context MSBuild plugin ", client);
        Assert.Contains($"Published {Id} 1.0.0 to {server.ServiceIndex}", published.Output);
        Assert.Single(server.Packages);
        Assert.DoesNotContain(secret, published.Output);
        Assert.True(File.Exists(binlog));
        Assert.DoesNotContain(secret, System.Text.Encoding.UTF8.GetString(DecompressedBinlog(binlog)));

        using var wrongKey = Version("1.0.1", $"<ModelPublishSource>{server.ServiceIndex}</ModelPublishSource>");
        wrongKey.Environment["NUGET_API_KEY"] = "wrong";
        var refused = wrongKey.Build("-t:PublishModel");
        Assert.False(refused.Succeeded);
        Assert.Contains("error MLOPS4008", refused.Output);
        Assert.Contains("HTTP 403", refused.Output);

        using var second = Version("1.1.0", $"<BaselinePackageId>{Id}</BaselinePackageId><BaselineSource>{server.ServiceIndex}</BaselineSource>");
        var gated = second.Build();
        Assert.True(gated.Succeeded, gated.Output);
        Assert.Equal($"{Id} 1.0.0", BaselineOf(second));
    }

    [Fact]
    public void Sources_and_credentials_come_from_nuget_config_as_NuGet_reads_them()
    {
        using var server = new LoopbackFeed("push-key", "reader", "s3cret-password");
        const string credentials = """

              <packageSourceCredentials>
                <models><add key="Username" value="reader" /><add key="ClearTextPassword" value="s3cret-password" /></models>
              </packageSourceCredentials>
            """;
        using var first = Version("1.0.0", "<ModelPublishSource>models</ModelPublishSource>");
        ModelProject.WriteNuGetConfig(first.Directory, credentials, ("models", server.ServiceIndex, "Contoso.*"));
        first.Environment["NUGET_API_KEY"] = "push-key";
        var published = first.Build("-t:PublishModel");
        Assert.True(published.Succeeded, published.Output);
        Assert.DoesNotContain("s3cret-password", published.Output);

        using var second = Version("1.1.0", $"<BaselinePackageId>{Id}</BaselinePackageId><BaselineSource>models</BaselineSource>");
        ModelProject.WriteNuGetConfig(second.Directory, credentials, ("models", server.ServiceIndex, "Contoso.*"));
        var gated = second.Build();
        Assert.True(gated.Succeeded, gated.Output);
        Assert.Equal($"{Id} 1.0.0", BaselineOf(second));

        using var anonymous = Version("1.2.0", $"<BaselinePackageId>{Id}</BaselinePackageId><BaselineSource>{server.ServiceIndex}</BaselineSource>");
        var refused = anonymous.Build();
        Assert.False(refused.Succeeded);
        Assert.Contains("HTTP 401", refused.Output);
    }

    [Fact]
    public void A_change_that_breaks_callers_needs_a_new_major_version()
    {
        var feed = Path.Combine(Path.GetTempPath(), "mlops-e2e-feeds", Guid.NewGuid().ToString("N")[..12]);
        using var first = Version("1.0.0", $"<ModelPublishSource>{feed}</ModelPublishSource>");
        Assert.True(first.Build("-t:PublishModel").Succeeded);

        var baseline = $"<BaselinePackageId>{Id}</BaselinePackageId><BaselineSource>{feed}</BaselineSource>";
        using var minor = Version("1.1.0", baseline, """<ExcludeColumn Include="gender" />""");
        var refused = minor.Dotnet("pack", minor.ProjectPath);
        Assert.False(refused.Succeeded, refused.Output);
        Assert.True(refused.Output.Contains("error MLOPS4010: Version 1.1.0 keeps major version 1 of the published 1.0.0, but apps that score it would break: input 'gender' was removed. Set Version to 2.0.0."), refused.Output);

        using var major = Version("2.0.0", baseline, """<ExcludeColumn Include="gender" />""");
        var packed = major.Dotnet("pack", major.ProjectPath);
        Assert.True(packed.Succeeded, packed.Output);
    }

    /// <summary>A binary log is a gzip stream of records; strings in it are plain UTF-8 once decompressed.</summary>
    private static byte[] DecompressedBinlog(string path)
    {
        using var gzip = new System.IO.Compression.GZipStream(File.OpenRead(path), System.IO.Compression.CompressionMode.Decompress);
        using var memory = new MemoryStream();
        gzip.CopyTo(memory);
        return memory.ToArray();
    }
}
