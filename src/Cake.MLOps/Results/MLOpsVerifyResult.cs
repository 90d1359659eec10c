using MLOps.Engine.Packages;

namespace Cake.MLOps;

/// <summary>A verified model package: its lineage and how many files matched their recorded SHA-256.</summary>
public sealed record MLOpsVerifyResult(Lineage Lineage, int FilesChecked);
