using System.IO.Compression;
using System.Security;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using MLOps.Engine.Packages.Feeds;

namespace MLOps.Engine.Packages;

/// <summary>The audit entry of one promotion: which model version became the channel's, who promoted it, why and when.</summary>
public sealed record Promotion(string PackageId, string Version, string Channel, string By, string Reason, string At)
{
    public string Format { get; init; } = FormatName;
    public const string FormatName = "mlops-promotion";
}

/// <summary>
/// Channels: moving aliases such as <c>production</c> kept on a feed without deleting or rewriting any package. Each
/// promotion pushes a new version (1.0.0, 2.0.0, ...) of a small tag package, <c>&lt;PackageId&gt;.Channels.&lt;channel&gt;</c>,
/// that depends on exactly the promoted version and holds the audit entry (<c>promotion.json</c>); the channel's
/// newest tag version names its model version, and the tag package's versions are its audit trail. A feed that
/// refuses a version it already has makes two concurrent promotions collide loudly instead of losing one.
/// </summary>
public static partial class Channels
{
    private const string EntryName = "promotion.json";
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// <summary>A channel is a word (letters, digits, '-', starting with a letter) that no SemVer version can be mistaken for.</summary>
    public static bool IsChannel(string? version) => version is not null && ChannelName().IsMatch(version);

    /// <summary>The id of the tag package that carries <paramref name="channel"/> of <paramref name="packageId"/>.</summary>
    public static string TagPackageId(string packageId, string channel) => $"{packageId}.Channels.{channel.ToLowerInvariant()}";

    /// <summary>Every promotion to <paramref name="channel"/>, oldest first.</summary>
    public static async Task<IReadOnlyList<Promotion>> HistoryAsync(IPackageFeed feed, string packageId, string channel, CancellationToken cancel = default)
    {
        var tag = TagPackageId(packageId, channel);
        var promotions = new List<Promotion>();
        foreach (var version in SemanticVersion.Ordered(await feed.VersionsAsync(tag, cancel)))
            if (await feed.DownloadAsync(tag, version, cancel) is { } bytes && Read(bytes) is { } promotion)
                promotions.Add(promotion);
        return promotions;
    }

    /// <summary>The model version <paramref name="channel"/> names now, or null when nothing was promoted to it.</summary>
    public static async Task<Promotion?> CurrentAsync(IPackageFeed feed, string packageId, string channel, CancellationToken cancel = default)
    {
        var tag = TagPackageId(packageId, channel);
        var newest = SemanticVersion.Ordered(await feed.VersionsAsync(tag, cancel)).LastOrDefault();
        return newest is not null && await feed.DownloadAsync(tag, newest, cancel) is { } bytes ? Read(bytes) : null;
    }

    /// <summary>Pushes the next tag version naming <paramref name="promotion"/>'s model version; returns the tag package's id and version.</summary>
    public static async Task<(string Id, string Version)> PromoteAsync(IPackageFeed feed, Promotion promotion, string? apiKey, CancellationToken cancel = default)
    {
        var tag = TagPackageId(promotion.PackageId, promotion.Channel);
        var next = SemanticVersion.Ordered(await feed.VersionsAsync(tag, cancel)).Select(v => SemanticVersion.TryParse(v, out var s) ? s.Major : 0).DefaultIfEmpty(0).Max() + 1;
        var version = $"{next}.0.0";
        await feed.PushAsync(tag, version, Pack(tag, version, promotion), apiKey, cancel);
        return (tag, version);
    }

    private static Promotion? Read(byte[] package)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(package), ZipArchiveMode.Read);
            if (zip.GetEntry(EntryName) is not { } entry) return null;
            using var stream = entry.Open();
            var promotion = JsonSerializer.Deserialize<Promotion>(stream, Json);
            return promotion?.Format == Promotion.FormatName ? promotion : null;
        }
        catch (Exception e) when (e is InvalidDataException or JsonException)
        {
            return null;
        }
    }

    /// <summary>A minimal, valid NuGet package: the .nuspec (an exact dependency on the promoted version) and the audit entry; fixed timestamps.</summary>
    private static byte[] Pack(string tag, string version, Promotion promotion)
    {
        string Xml(string s) => SecurityElement.Escape(s);
        var nuspec = $"""
            <?xml version="1.0" encoding="utf-8"?>
            <package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd">
              <metadata>
                <id>{Xml(tag)}</id>
                <version>{version}</version>
                <authors>{Xml(promotion.By)}</authors>
                <description>{Xml($"The {promotion.Channel} channel of {promotion.PackageId}: {promotion.Version}, promoted by {promotion.By} at {promotion.At}: {promotion.Reason}")}</description>
                <tags>mlops-channel</tags>
                <dependencies>
                  <dependency id="{Xml(promotion.PackageId)}" version="[{Xml(promotion.Version)}]" />
                </dependencies>
              </metadata>
            </package>
            """;
        const string contentTypes = """
            <?xml version="1.0" encoding="utf-8"?>
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="nuspec" ContentType="application/octet" /><Default Extension="json" ContentType="application/octet" /></Types>
            """;
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Add(string name, byte[] bytes)
            {
                var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
                entry.LastWriteTime = new DateTimeOffset(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);
                using var stream = entry.Open();
                stream.Write(bytes);
            }
            Add($"{tag}.nuspec", Encoding.UTF8.GetBytes(nuspec));
            Add(EntryName, [.. JsonSerializer.SerializeToUtf8Bytes(promotion, Json), (byte)'\n']);
            Add("[Content_Types].xml", Encoding.UTF8.GetBytes(contentTypes));
        }
        return memory.ToArray();
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9-]{0,49}$")]
    private static partial Regex ChannelName();
}
