using System.Text.RegularExpressions;
using MLOps.Engine.Diagnostics;

namespace MLOps.Cli;

/// <summary>The projects a command works on, named by a project, a solution or a folder (<c>mlops status</c>, <c>mlops github matrix</c>).</summary>
internal static partial class ModelProjects
{
    /// <summary>
    /// <paramref name="path"/> itself when it is a project; the projects of a solution (.sln, .slnx); or the model projects
    /// under a folder (<see cref="IsModelProject"/>, outside bin and obj). An error when it is none of these.
    /// </summary>
    public static IReadOnlyList<string> Find(string path, DiagnosticBag diagnostics)
    {
        if (Directory.Exists(path))
            return Directory.EnumerateFiles(path, "*.*proj", SearchOption.AllDirectories)
                .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
                .Where(IsModelProject)
                .Order(StringComparer.Ordinal).ToArray();
        if (File.Exists(path) && (path.EndsWith(".sln", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".slnx", StringComparison.OrdinalIgnoreCase)))
            return SolutionProject().Matches(File.ReadAllText(path))
                .Select(m => Path.GetFullPath(m.Groups["path"].Value.Replace('\\', Path.DirectorySeparatorChar), Path.GetDirectoryName(path)!))
                .Where(File.Exists).Distinct().Order(StringComparer.Ordinal).ToArray();
        if (File.Exists(path) && Path.GetExtension(path).EndsWith("proj", StringComparison.OrdinalIgnoreCase))
            return [path];
        diagnostics.Error(DiagnosticCodes.BuildOutputsNotFound, $"{path} is neither a folder, a solution (.sln, .slnx) nor a project.", path);
        return [];
    }

    /// <summary>Whether <paramref name="path"/> looks like a model project without evaluating it: a <c>.mlproj</c>, or a project that mentions MLOps.Build.</summary>
    public static bool IsModelProject(string path) =>
        path.EndsWith(".mlproj", StringComparison.OrdinalIgnoreCase) || File.ReadAllText(path).Contains("MLOps.Build", StringComparison.Ordinal);

    /// <summary>A project path in a .sln (<c>"src\Churn\Churn.mlproj"</c>) or .slnx (<c>Path="…"</c>).</summary>
    [GeneratedRegex(@"""(?<path>[^""]+\.[a-z]*proj)""", RegexOptions.IgnoreCase)]
    private static partial Regex SolutionProject();
}
