using Microsoft.Build.Framework;
using MLOps.Engine.Diagnostics;
using MLOps.Engine.Packages;
using MLOps.Engine.Pipeline;
using MSBuildTask = Microsoft.Build.Utilities.Task;

namespace MLOps.Build.Tasks;

/// <summary>Just before NuGet packs: records every file of the package (from NuGet's own listing, a .nuspec written without packing) and the .nuspec's dependencies in the lineage.</summary>
public sealed class RecordModelPackageFiles : MSBuildTask
{
    [Required] public string LineagePath { get; set; } = "";
    /// <summary>The folder NuGet wrote the listing .nuspec to.</summary>
    [Required] public string ListingDirectory { get; set; } = "";
    [Required] public string ProjectFile { get; set; } = "";

    public override bool Execute()
    {
        var diagnostics = new DiagnosticBag();
        var listing = Directory.GetFiles(ListingDirectory, "*.nuspec").Single();
        PackageListing.Record(LineagePath, listing, ProjectFile, diagnostics);
        EngineLog.Write(Log, new StepResult(diagnostics.Complete(), []), ProjectFile);
        return !Log.HasLoggedErrors;
    }
}
