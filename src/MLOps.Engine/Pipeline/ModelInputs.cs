namespace MLOps.Engine.Pipeline;

/// <summary>
/// What a model project builds from, as files: the project and its folder, data, contract and baseline. A CI matrix
/// builds only the models whose inputs changed since the base branch.
/// </summary>
public sealed record ModelInputs(string Model, string ProjectFile, IReadOnlyList<string> Files)
{
    /// <summary>Build settings shared by every project below them: a change there affects every model.</summary>
    private static readonly string[] SharedSettings = ["global.json", "nuget.config", "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props"];

    /// <summary>Whether any of <paramref name="changed"/> (full paths) is an input, lies in the project's folder, or is a shared setting above it.</summary>
    public bool AffectedBy(IEnumerable<string> changed)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(ProjectFile))! + Path.DirectorySeparatorChar;
        var inputs = Files.Select(Path.GetFullPath).ToHashSet(StringComparer.Ordinal);
        return changed.Select(Path.GetFullPath).Any(file =>
            inputs.Contains(file) || file.StartsWith(folder, StringComparison.Ordinal) ||
            (SharedSettings.Contains(Path.GetFileName(file), StringComparer.OrdinalIgnoreCase) && folder.StartsWith(Path.GetDirectoryName(file)! + Path.DirectorySeparatorChar, StringComparison.Ordinal)));
    }
}
