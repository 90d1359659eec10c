using System.Text;
using Cake.Core.IO;

namespace Cake.MLOps;

/// <summary>Settings to dotnet arguments: no process, so the mapping is tested on its own.</summary>
internal static class ModelArguments
{
    /// <summary>
    /// The arguments that run <paramref name="step"/> on <paramref name="project"/>; relative paths in the settings are
    /// made absolute against <paramref name="workingDirectory"/>, Cake's (null: passed as written).
    /// </summary>
    public static IReadOnlyList<string> For(ModelStep step, string project, MLOpsSettings settings, DirectoryPath? workingDirectory = null)
    {
        var arguments = new List<string> { step.Command, project };
        if (step.Target is { } target) arguments.Add($"-t:{target}");
        arguments.AddRange(Properties(settings, step, workingDirectory));
        // Diagnostics in the plain console form, one line each, and no build servers left behind.
        arguments.AddRange(["-nologo", "-nodeReuse:false", "-tl:off"]);
        return arguments;
    }

    /// <summary>The arguments that print the project's output paths (after the settings apply) as JSON into <paramref name="resultFile"/>.</summary>
    public static IReadOnlyList<string> ForOutputPaths(ModelStep step, string project, MLOpsSettings settings, string resultFile, DirectoryPath? workingDirectory = null) =>
        ["msbuild", project, "-restore", "-nologo", "-nodeReuse:false", .. Properties(settings, step, workingDirectory),
         .. ModelOutputPaths.PropertyNames.Select(name => $"-getProperty:{name}"), $"-getResultOutputFile:{resultFile}"];

    /// <summary>
    /// <c>-p:Name=value</c> for every set property, the value escaped so MSBuild reads it as written; the configuration
    /// always, so the output paths asked for are those the step writes.
    /// </summary>
    public static IEnumerable<string> Properties(MLOpsSettings settings, ModelStep step, DirectoryPath? workingDirectory = null) =>
        settings.MSBuildProperties(workingDirectory)
            .Select(p => p.Key == nameof(MLOpsSettings.Configuration) ? new(p.Key, p.Value ?? step.DefaultConfiguration) : p)
            .Where(p => !string.IsNullOrEmpty(p.Value)).Select(p => $"-p:{p.Key}={Escape(p.Value!)}");

    // ; and , separate properties on MSBuild's command line; % starts an escape; a quote would end the argument.
    private static string Escape(string value)
    {
        var escaped = new StringBuilder(value.Length);
        foreach (var c in value)
            escaped.Append(c switch { '%' => "%25", ';' => "%3B", ',' => "%2C", '"' => "%22", _ => c.ToString() });
        return escaped.ToString();
    }
}
