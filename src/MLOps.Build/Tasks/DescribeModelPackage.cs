using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using MLOps.Engine.Packages;
using MLOps.Engine.Packing;
using MLOps.Engine.Pipeline;

namespace MLOps.Build.Tasks;

/// <summary>At pack time: writes the model card and lineage and returns every file to pack under models/ (metadata PackagePath).</summary>
public sealed class DescribeModelPackage : ModelPipelineTask
{
    [Required] public string PackageId { get; set; } = "";
    [Required] public string PackageVersion { get; set; } = "";
    [Required] public string IntermediateDirectory { get; set; } = "";
    public string ModelIntendedUse { get; set; } = "";
    public string ModelLimitations { get; set; } = "";
    public bool ModelPackageReproducible { get; set; } = true;

    [Output] public ITaskItem[] ModelPackageFiles { get; private set; } = [];
    [Output] public string ModelCardPath { get; private set; } = "";
    [Output] public string LineagePath { get; private set; } = "";
    /// <summary>The package tag that names the model's training fingerprint, so <c>ModelCacheSource</c> finds it from the .nuspec.</summary>
    [Output] public string CacheTag { get; private set; } = "";

    protected override void Run(ModelPipeline pipeline)
    {
        var (result, files) = ModelPackage.Describe(pipeline.Spec, new PackageInfo(PackageId, PackageVersion, IntermediateDirectory)
        {
            IntendedUse = ModelIntendedUse,
            Limitations = ModelLimitations,
            Reproducible = ModelPackageReproducible,
        });
        EngineLog.Write(Log, result, ProjectFile);
        CacheTag = RemoteCache.TagOf(pipeline.Fingerprint);
        ModelPackageFiles = files.Select(f =>
        {
            var item = new TaskItem(f.FullPath);
            item.SetMetadata("PackagePath", f.PackagePath);
            return (ITaskItem)item;
        }).ToArray();
        ModelCardPath = files.FirstOrDefault(f => f.PackagePath.EndsWith(".card.md", StringComparison.Ordinal))?.FullPath ?? "";
        LineagePath = files.FirstOrDefault(f => f.PackagePath.EndsWith(".lineage.json", StringComparison.Ordinal))?.FullPath ?? "";
    }
}
