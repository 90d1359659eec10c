using System.Xml;
using System.Xml.Linq;

namespace MLOps.Cli;

/// <summary>The model name of the model project in a folder, read from the project file as MSBuild would default it.</summary>
internal static class ModelProjectName
{
    /// <summary>
    /// The <c>ModelName</c> of the one model project (<c>*.mlproj</c>, or a project that mentions MLOps.Build) in
    /// <paramref name="folder"/>: as written in the file, or the file's name, which is what MSBuild defaults it to. Null
    /// when there is none or more than one, or when the name is an MSBuild expression that only an evaluation could give.
    /// </summary>
    public static string? In(string folder)
    {
        var projects = Directory.EnumerateFiles(folder, "*.*proj").Where(ModelProjects.IsModelProject).ToArray();
        if (projects.Length != 1) return null;
        var written = ModelNameIn(projects[0]);
        return written is null ? Path.GetFileNameWithoutExtension(projects[0]) : written.Contains("$(", StringComparison.Ordinal) ? null : written;
    }

    private static string? ModelNameIn(string project)
    {
        try
        {
            return XDocument.Load(project).Descendants().LastOrDefault(e => e.Name.LocalName == "ModelName")?.Value.Trim() is { Length: > 0 } name ? name : null;
        }
        catch (XmlException)
        {
            return null; // MSBuild will say what is wrong with it; the name falls back to the file's
        }
    }
}
