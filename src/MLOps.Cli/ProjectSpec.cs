using MLOps.Engine.Diagnostics;
using MLOps.Engine.Pipeline;

namespace MLOps.Cli;

/// <summary>
/// A model project's <see cref="ModelSpec"/>, made by the engine from the properties and items the build's
/// PrepareModelPipeline task passes it (<see cref="ProjectValues"/>): what <c>mlops status</c> fingerprints.
/// </summary>
internal static class ProjectSpec
{
    /// <summary>Metadata MSBuild gives every item; the build's task sees only an item's own.</summary>
    private static readonly HashSet<string> WellKnownMetadata = new(
    [
        "Identity", "FullPath", "RootDir", "Filename", "Extension", "RelativeDir", "Directory", "RecursiveDir", "ModifiedTime", "CreatedTime",
        "AccessedTime", "DefiningProjectFullPath", "DefiningProjectDirectory", "DefiningProjectName", "DefiningProjectExtension",
    ], StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The spec of <paramref name="project"/>; null when it is not a model project (no TrainingData and not an
    /// MLOps.Build.Sdk project) or cannot be evaluated (then with an error).
    /// </summary>
    public static ModelSpec? Read(string project, string? configuration, DiagnosticBag diagnostics, CancellationToken cancel = default) =>
        Read(project, configuration, diagnostics, out _, cancel);

    /// <summary>As <see cref="Read(string, string?, DiagnosticBag, CancellationToken)"/>, with the project's PackageId (the project's name when it has none).</summary>
    public static ModelSpec? Read(string project, string? configuration, DiagnosticBag diagnostics, out string packageId, CancellationToken cancel = default)
    {
        packageId = Path.GetFileNameWithoutExtension(project);
        if (ProjectEvaluation.Read(project, configuration, [.. ProjectValues.PropertyNames, "UsingMLOpsBuildSdk"], diagnostics, ProjectValues.ItemTypes, cancel: cancel) is not { } p)
            return null;
        packageId = p.Property("PackageId") ?? packageId;
        if (p.Property("UsingMLOpsBuildSdk") != "true" && p.Item("TrainingData").Count == 0) return null;
        var items = p.Items.ToDictionary(type => type.Key, type => (IReadOnlyList<ProjectItem>)type.Value.Select(Own).ToArray());
        return new ProjectValues(project, p.Properties, items).ToSpec();
    }

    private static ProjectItem Own(EvaluatedItem item) =>
        new(item.Identity, item.Metadata.Where(m => !WellKnownMetadata.Contains(m.Key)).ToDictionary(m => m.Key, m => m.Value, StringComparer.OrdinalIgnoreCase));
}
