using System.IO.Compression;
using MLOps.Engine.Diagnostics;
using MLOps.Engine.Packages;
using MLOps.Engine.Packages.Feeds;

namespace MLOps.Engine.Registry;

/// <summary>Finds a model package's version on a feed (given, a channel, or the newest stable) and downloads it, verified against its lineage.</summary>
public static class ModelPull
{
    /// <summary>The version <paramref name="version"/> names: itself, the version a channel names, or (when null) the newest stable one; null with an error.</summary>
    public static async Task<string?> ResolveVersionAsync(IPackageFeed feed, string id, string? version, DiagnosticBag diagnostics, CancellationToken cancel = default)
    {
        if (Channels.IsChannel(version))
        {
            if (await Channels.CurrentAsync(feed, id, version!, cancel) is { } promotion) return promotion.Version;
            diagnostics.Error(DiagnosticCodes.RegistryPackageNotFound, $"{feed.Name} has no version of {id} promoted to '{version}'.");
            return null;
        }
        var versions = await feed.VersionsAsync(id, cancel);
        if (version is not null)
        {
            if (versions.FirstOrDefault(v => string.Equals(v, version, StringComparison.OrdinalIgnoreCase)) is { } found) return found;
            diagnostics.Error(DiagnosticCodes.RegistryPackageNotFound, $"{feed.Name} has no {id} {version}. Versions: {(versions.Count == 0 ? "none" : string.Join(", ", SemanticVersion.Ordered(versions)))}.");
            return null;
        }
        var stable = SemanticVersion.Ordered(versions).LastOrDefault(v => SemanticVersion.TryParse(v, out var s) && s.IsStable);
        if (stable is null) diagnostics.Error(DiagnosticCodes.RegistryPackageNotFound, $"{feed.Name} has no stable version of {id}.");
        return stable;
    }

    /// <summary>Downloads <paramref name="id"/> <paramref name="version"/> and verifies every entry against its lineage; null with errors.</summary>
    public static async Task<PublishedModel?> DownloadAsync(IPackageFeed feed, string id, string version, DiagnosticBag diagnostics, CancellationToken cancel = default)
    {
        if (await feed.DownloadAsync(id, version, cancel) is not { } bytes)
        {
            diagnostics.Error(DiagnosticCodes.RegistryPackageNotFound, $"{feed.Name} has no {id} {version}.");
            return null;
        }
        return Verified(bytes, $"{id}.{version}.nupkg", diagnostics);
    }

    /// <summary>The model package in <paramref name="bytes"/> when every entry matches its lineage; null with errors.</summary>
    public static PublishedModel? Verified(byte[] bytes, string name, DiagnosticBag diagnostics)
    {
        // Only the file name: a name given as a path (as typed, or absolute) must not put the copy, and the folder
        // deleted after it, anywhere but the temporary folder.
        var temporary = Path.Combine(Path.GetTempPath(), $"mlops-{Guid.NewGuid():N}", Path.GetFileName(name));
        Directory.CreateDirectory(Path.GetDirectoryName(temporary)!);
        try
        {
            File.WriteAllBytes(temporary, bytes);
            var check = new DiagnosticBag(int.MaxValue);
            PackageVerifier.Verify(temporary, null, check);
            foreach (var d in check.Items) diagnostics.Add(d with { File = name }); // the package's name, not the temporary copy's
            if (check.HasErrors) return null;
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(temporary)!, recursive: true);
        }
        if (PublishedModel.Read(bytes) is { } model) return model;
        diagnostics.Error(DiagnosticCodes.NotAModelPackage, $"{name} is not a model package: it has no readable .nuspec and models/<ModelName>.lineage.json.");
        return null;
    }

    /// <summary>Extracts the package into <paramref name="folder"/> (replaced as a whole, so a failure leaves the previous copy), with the .nupkg beside its files.</summary>
    public static void Extract(PublishedModel model, string folder)
    {
        var staging = folder.TrimEnd('/', '\\') + ".mlops-" + Guid.NewGuid().ToString("N")[..8];
        Directory.CreateDirectory(staging);
        try
        {
            var nupkg = Path.Combine(staging, $"{model.Id.ToLowerInvariant()}.{model.Version.ToLowerInvariant()}.nupkg");
            File.WriteAllBytes(nupkg, model.Package!);
            ZipFile.ExtractToDirectory(nupkg, staging, overwriteFiles: true);
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(folder))!);
            Directory.Move(staging, folder);
        }
        finally
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        }
    }
}
