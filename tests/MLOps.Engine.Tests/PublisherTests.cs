using System.IO.Compression;
using System.Text;
using MLOps.Engine.Diagnostics;
using MLOps.Engine.Packages;
using MLOps.Engine.Packing;
using MLOps.Engine.Packages.Feeds;
using Xunit;

namespace MLOps.Engine.Tests;

public sealed class PublisherTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("mlops-publish-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Package(string gateJson)
    {
        var path = Path.Combine(_directory, "m.1.0.0.nupkg");
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        void Add(string name, string text)
        {
            using var writer = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
            writer.Write(text);
        }
        Add("m.nuspec", """<?xml version="1.0"?><package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd"><metadata><id>M</id><version>1.0.0</version></metadata></package>""");
        Add("models/M.gate.json", gateJson);
        return path;
    }

    [Fact]
    public async Task A_model_whose_gates_failed_is_not_published_unless_overridden()
    {
        var feed = new FolderFeed(Path.Combine(_directory, "feed"));
        var failed = await Publisher.PublishAsync(Package("""{ "model": "M", "passed": false, "correction": "Holm", "gates": [ { "gate": "auc", "metric": "auc", "rule": "minimum", "candidate": 0.5, "outcome": "Failed", "explanation": "x" } ], "fingerprint": "f" }"""), feed, null, "M.mlproj");
        Assert.True(failed.Diagnostics.Any(d => d.Code == DiagnosticCodes.GateFailedNotPublished), string.Join("\n", failed.Diagnostics.Concat<object>(failed.Messages)));
        Assert.Empty(await feed.VersionsAsync("M"));

        File.Delete(Path.Combine(_directory, "m.1.0.0.nupkg"));
        var overridden = await Publisher.PublishAsync(Package("""{ "model": "M", "passed": false, "correction": "Holm", "gates": [], "override": { "reason": "hotfix", "by": "ci", "at": "2026-11-23T00:00:00Z" }, "fingerprint": "f" }"""), feed, null, "M.mlproj");
        Assert.True(overridden.Succeeded, string.Join("\n", overridden.Diagnostics));
        Assert.Equal(["1.0.0"], await feed.VersionsAsync("M"));
    }

    [Fact]
    public void Versions_order_as_NuGet_orders_them()
    {
        var versions = new[] { "1.10.0", "1.2.0", "2.0.0-rc.1", "2.0.0", "2.0.0-beta", "1.2.0-alpha.10", "1.2.0-alpha.9" }
            .Select(v => SemanticVersion.TryParse(v, out var s) ? s : throw new Exception(v)).Order().Select(v => v.ToString()).ToArray();
        Assert.Equal(["1.2.0-alpha.9", "1.2.0-alpha.10", "1.2.0", "1.10.0", "2.0.0-beta", "2.0.0-rc.1", "2.0.0"], versions);
    }
}
