using MLOps.Engine.Diagnostics;
using MLOps.Engine.Registry;

namespace MLOps.Cli;

/// <summary>A model named on the command line: a .nupkg, a folder (an extracted package or a build's outputs), or <c>Id@version</c> on <c>--source</c>.</summary>
internal static class ModelReference
{
    public const string Description = "A model package (.nupkg, verified first), a folder holding models/<ModelName>.lineage.json (an extracted package, a build's output folder), or <package-id>@<version|channel> on --source.";

    /// <summary>The model, or null with an error.</summary>
    public static async Task<PublishedModel?> LoadAsync(string reference, string? source, DiagnosticBag diagnostics, CancellationToken cancel)
    {
        var path = Path.GetFullPath(reference);
        if (File.Exists(path))
            return ModelPull.Verified(File.ReadAllBytes(path), reference, diagnostics);
        if (Directory.Exists(path))
        {
            if (PublishedModel.ReadFolder(path) is { } model) return model;
            diagnostics.Error(DiagnosticCodes.NotAModelPackage, $"{reference} holds no models/<ModelName>.lineage.json: it is not an extracted model package or a packed build's outputs.");
            return null;
        }
        if (reference.Split('@') is not [var id, var version] || source is null)
        {
            diagnostics.Error(DiagnosticCodes.RegistryPackageNotFound, $"{reference} is not a file or a folder, nor <package-id>@<version> with --source.");
            return null;
        }
        if (RegistryOptions.Open(source, diagnostics) is not { } feed) return null;
        return await RegistryOptions.Feed($"Downloading {id} {version} from {feed.Name}", async () =>
            await ModelPull.ResolveVersionAsync(feed, id, version, diagnostics, cancel) is { } resolved
                ? await ModelPull.DownloadAsync(feed, id, resolved, diagnostics, cancel) : null, diagnostics);
    }
}
