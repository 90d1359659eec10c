using MLOps.Engine.Diagnostics;
using MLOps.Engine.IO;

namespace MLOps.Engine.Packages;

/// <summary>
/// Completes a model's lineage with everything NuGet will pack, just before it packs: the .nuspec NuGet generates
/// for the same inputs (written beforehand without a package) lists every file with its source and its path in the
/// package, and its dependencies. The lineage then records the SHA-256 of each file but itself, so
/// <c>mlops verify</c> can check every entry of the package.
/// </summary>
public static class PackageListing
{
    /// <summary>Rewrites the lineage at <paramref name="lineagePath"/> (only when it changes, so pack stays incremental); false with an error when the listing cannot be read.</summary>
    public static bool Record(string lineagePath, string listingNuspecPath, string projectFile, DiagnosticBag diagnostics)
    {
        NuspecManifest? listing;
        using (var stream = File.OpenRead(listingNuspecPath)) listing = NuspecManifest.Read(stream);
        var lineage = Lineage.Read(File.ReadAllBytes(lineagePath));
        if (listing is null || lineage is null)
        {
            diagnostics.Error(DiagnosticCodes.InternalError, $"The package listing {listingNuspecPath} or the lineage {lineagePath} cannot be read.", projectFile);
            return false;
        }
        var self = Path.GetFullPath(lineagePath);
        var outputs = listing.Files
            .Where(f => !string.Equals(Path.GetFullPath(f.Source), self, StringComparison.Ordinal))
            .Select(f => new HashedFile("packaged", f.Target, FileHash.Sha256Of(f.Source)))
            .OrderBy(f => f.Path, StringComparer.Ordinal)
            .ToArray();
        var complete = lineage with
        {
            PackageId = listing.Id,
            Version = listing.Version,
            Outputs = outputs,
            Package = new PackedManifest(listing.Dependencies, listing.MetadataSha256),
        };
        var bytes = complete.ToBytes();
        if (!File.ReadAllBytes(lineagePath).AsSpan().SequenceEqual(bytes)) IO.AtomicFile.WriteAllBytes(lineagePath, bytes);
        return true;
    }
}
