namespace MLOps.Engine.Packages.Feeds;

/// <summary>
/// A local folder feed, in either layout NuGet reads: flat (<c>id.version.nupkg</c>) or hierarchical
/// (<c>id/version/id.version.nupkg</c>, lower case, what <c>dotnet nuget push</c> writes). Pushes write the
/// hierarchical layout, through a temporary file, so a reader never sees half a package.
/// </summary>
public sealed class FolderFeed(string folder) : IPackageFeed
{
    public string Name => folder;

    public Task<IReadOnlyList<string>> VersionsAsync(string id, CancellationToken cancel = default)
    {
        var versions = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
        var hierarchical = Path.Combine(folder, id.ToLowerInvariant());
        if (Directory.Exists(hierarchical))
            foreach (var directory in Directory.EnumerateDirectories(hierarchical))
                if (File.Exists(Path.Combine(directory, $"{id.ToLowerInvariant()}.{Path.GetFileName(directory)}.nupkg")))
                    versions.Add(Path.GetFileName(directory));
        if (Directory.Exists(folder))
            foreach (var file in Directory.EnumerateFiles(folder, "*.nupkg"))
            {
                var name = Path.GetFileNameWithoutExtension(file);
                if (name.StartsWith(id + ".", StringComparison.OrdinalIgnoreCase) && SemanticVersion.TryParse(name[(id.Length + 1)..], out _))
                    versions.Add(name[(id.Length + 1)..]);
            }
        return Task.FromResult<IReadOnlyList<string>>(versions.ToArray());
    }

    public Task<byte[]?> DownloadAsync(string id, string version, CancellationToken cancel = default)
    {
        foreach (var path in Candidates(id, version))
            if (File.Exists(path)) return Task.FromResult<byte[]?>(File.ReadAllBytes(path));
        return Task.FromResult<byte[]?>(null);
    }

    public Task PushAsync(string id, string version, byte[] package, string? apiKey, CancellationToken cancel = default)
    {
        var path = Candidates(id, version).First();
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        IO.AtomicFile.WriteAllBytes(path, package);
        return Task.CompletedTask;
    }

    private IEnumerable<string> Candidates(string id, string version)
    {
        var (lowerId, lowerVersion) = (id.ToLowerInvariant(), version.ToLowerInvariant());
        yield return Path.Combine(folder, lowerId, lowerVersion, $"{lowerId}.{lowerVersion}.nupkg");
        yield return Path.Combine(folder, $"{id}.{version}.nupkg");
        foreach (var file in Directory.Exists(folder) ? Directory.EnumerateFiles(folder, "*.nupkg") : [])
            if (string.Equals(Path.GetFileName(file), $"{id}.{version}.nupkg", StringComparison.OrdinalIgnoreCase)) yield return file;
    }
}
