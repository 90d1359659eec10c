using MLOps.Engine.Diagnostics;
using MLOps.Engine.Registry;

namespace MLOps.Cli;

/// <summary>A model named on the command line: a .nupkg, a folder (an extracted package or a build's outputs), or <c>Id@version</c> on <c>--source</c>.</summary>
internal static class ModelReference
{
    public const string Description = "A model package (.nupkg, verified first), a folder holding models/<ModelName>.lineage.json (an extracted package, a build's output folder), a model project (.csproj, .mlproj, or a folder holding one: its last build, read without building), or <package-id>@<version|channel> on --source.";

    /// <summary>The model, or null with an error.</summary>
    public static async Task<PublishedModel?> LoadAsync(string reference, string? source, DiagnosticBag diagnostics, CancellationToken cancel)
    {
        var path = Path.GetFullPath(reference);
        if (File.Exists(path) && Path.GetExtension(path).EndsWith("proj", StringComparison.OrdinalIgnoreCase))
            return LastBuildOf(path, diagnostics, cancel);
        if (File.Exists(path))
            return ModelPull.Verified(File.ReadAllBytes(path), reference, diagnostics);
        if (Directory.Exists(path))
        {
            if (PublishedModel.ReadFolder(path) is { } model) return model;
            switch (ModelProjects.Find(path, diagnostics))
            {
                case [var project]:
                    return LastBuildOf(project, diagnostics, cancel);
                case { Count: > 1 } projects:
                    diagnostics.Error(DiagnosticCodes.NotOneModelProject,
                        $"{reference} holds {projects.Count} model projects ({string.Join(", ", projects.Select(p => Path.GetRelativePath(path, p)))}): name the one to compare.");
                    return null;
            }
            diagnostics.Error(DiagnosticCodes.NotAModelPackage, $"{reference} holds no models/<ModelName>.lineage.json nor a model project: it is not an extracted model package, a packed build's outputs or a model project's folder.");
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

    /// <summary>A model project's last build, read from its outputs (nothing is built); null with an error when it has none.</summary>
    private static PublishedModel? LastBuildOf(string project, DiagnosticBag diagnostics, CancellationToken cancel)
    {
        if (ProjectSpec.Read(project, null, diagnostics, out var packageId, cancel) is { } spec) return LastBuild.Read(spec, packageId, diagnostics);
        if (!diagnostics.HasErrors) diagnostics.Error(DiagnosticCodes.NoModelProjects, $"{project} is not a model project (a .mlproj, or a project with TrainingData).", project);
        return null;
    }
}
