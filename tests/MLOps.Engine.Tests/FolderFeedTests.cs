using System.IO.Compression;
using System.Text;
using MLOps.Engine.Packages;
using MLOps.Engine.Packages.Feeds;
using MLOps.Engine.Pipeline;
using Xunit;

namespace MLOps.Engine.Tests;

/// <summary>Folder feeds in both layouts NuGet reads, through NuGet.Protocol.</summary>
public sealed class FolderFeedTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("mlops-folder-feed-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static byte[] Package(string id, string version, string tags = "")
    {
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        using (var writer = new StreamWriter(zip.CreateEntry($"{id}.nuspec").Open(), new UTF8Encoding(false)))
            writer.Write($"""<?xml version="1.0"?><package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd"><metadata><id>{id}</id><version>{version}</version><authors>a</authors><description>d</description><tags>{tags}</tags></metadata></package>""");
        return memory.ToArray();
    }

    [Fact]
    public async Task A_flat_folder_is_read_and_a_push_keeps_it_flat()
    {
        var first = Package("M", "1.0.0");
        File.WriteAllBytes(Path.Combine(_directory, "M.1.0.0.nupkg"), first);
        var feed = new FolderFeed(_directory);

        Assert.Equal(["1.0.0"], await feed.VersionsAsync("M"));
        Assert.Equal(first, await feed.DownloadAsync("M", "1.0.0"));
        Assert.Null(await feed.DownloadAsync("M", "2.0.0"));

        await feed.PushAsync("M", "1.1.0", Package("M", "1.1.0"), apiKey: null);
        Assert.True(File.Exists(Path.Combine(_directory, "M.1.1.0.nupkg")));
        Assert.Equal(["1.0.0", "1.1.0"], await feed.VersionsAsync("M"));
    }

    [Fact]
    public async Task A_new_folder_gets_the_hierarchical_layout_and_the_cache_finds_a_version_by_its_tag()
    {
        var feed = new FolderFeed(Path.Combine(_directory, "feed"));
        Assert.Empty(await feed.VersionsAsync("M"));

        var tagged = Package("M", "1.0.0", "model mlops-training-abc");
        await feed.PushAsync("M", "1.0.0", tagged, apiKey: null);
        await feed.PushAsync("M", "1.1.0", Package("M", "1.1.0", "model"), apiKey: null);

        Assert.True(File.Exists(Path.Combine(_directory, "feed", "m", "1.0.0", "m.1.0.0.nupkg")));
        Assert.Equal(["1.0.0", "1.1.0"], await feed.VersionsAsync("M"));
        Assert.Equal(tagged, await feed.DownloadAsync("M", "1.0.0"));
        Assert.Equal("1.0.0", await RemoteCache.FindAsync(feed, "M", "mlops-training-abc"));
        Assert.Null(await RemoteCache.FindAsync(feed, "M", "mlops-training-other"));
    }
}
