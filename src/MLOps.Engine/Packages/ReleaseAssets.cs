using System.IO.Compression;

namespace MLOps.Engine.Packages;

/// <summary>One file attached to a release: its name, bytes and media type.</summary>
public sealed record ReleaseFile(string Name, byte[] Content, string ContentType);

/// <summary>
/// What a model package's release carries: the package itself, and from inside it the model card (also the release
/// notes) and the HTML report, so the release shows exactly what was packed.
/// </summary>
public sealed record ReleaseAssets(string PackageId, string Version, string Notes, IReadOnlyList<ReleaseFile> Assets)
{
    /// <summary>The assets of the package at <paramref name="packagePath"/>; throws <see cref="InvalidDataException"/> when it is not a model package.</summary>
    public static ReleaseAssets From(string packagePath)
    {
        var bytes = File.ReadAllBytes(packagePath);
        var contents = PackageContents.Read(bytes) ?? throw new InvalidDataException($"{packagePath} is not a NuGet package.");
        using var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
        var assets = new List<ReleaseFile> { new(Path.GetFileName(packagePath), bytes, "application/octet-stream") };
        string? notes = null;
        foreach (var entry in zip.Entries.Where(e => e.FullName.StartsWith("models/", StringComparison.Ordinal)).OrderBy(e => e.FullName, StringComparer.Ordinal))
        {
            var isCard = entry.Name.EndsWith(".card.md", StringComparison.Ordinal);
            if (!isCard && !entry.Name.EndsWith(".report.html", StringComparison.Ordinal)) continue;
            using var stream = entry.Open();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            assets.Add(new ReleaseFile(entry.Name, copy.ToArray(), isCard ? "text/markdown" : "text/html"));
            if (isCard) notes = System.Text.Encoding.UTF8.GetString(copy.ToArray());
        }
        return new ReleaseAssets(contents.Id, contents.Version, notes ?? $"{contents.Id} {contents.Version}", assets);
    }
}
