using System.Reflection;
using MLOps.Build.Tests;

namespace Cake.MLOps.Tests;

/// <summary>
/// A Cake script beside a model project (<see cref="ModelProject"/>'s folder), run by the real Cake 7.0.0 runner; its
/// nuget.config serves Cake.MLOps from the packed feed too, so <c>#addin nuget:?package=Cake.MLOps</c> restores the package under test.
/// </summary>
internal static class CakeScript
{
    private static readonly string Runner = typeof(CakeScript).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "CakeRunner").Value!;

    public static string Addin => $"#addin nuget:?package=Cake.MLOps&version={Repository.Version}";

    /// <summary>A model project whose nuget.config also serves Cake.MLOps from the packed feed.</summary>
    public static ModelProject Project(string name = "Churn")
    {
        var project = new ModelProject(name);
        ModelProject.WriteNuGetConfig(project.Directory, ("cake-mlops", Repository.PackageFeed, "Cake.MLOps"));
        project.Environment["NO_COLOR"] = "1"; // the log as plain text, as a CI log shows it
        return project;
    }

    /// <summary>Writes <paramref name="script"/> as build.cake in the project's folder and runs it with <c>dotnet Cake.dll</c>, as <c>dotnet cake</c> does.</summary>
    public static CommandResult Run(ModelProject project, string script, params string[] arguments)
    {
        File.WriteAllText(Path.Combine(project.Directory, "build.cake"), script);
        return project.Dotnet([Runner, "build.cake", .. arguments]);
    }
}
