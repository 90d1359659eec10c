using MLOps.Engine.Diagnostics;
using MLOps.Engine.Gates;
using MLOps.Engine.Packages;
using MLOps.Engine.Packing;
using MLOps.Engine.Pipeline;
using MLOps.Engine.Reports;

namespace MLOps.Engine.Registry;

/// <summary>
/// A model project's last build as a <see cref="PublishedModel"/> (<c>mlops diff Id@production .</c>), read from its
/// outputs without building: the model, metrics and gate result, and a lineage made of the build record (the inputs'
/// hashes as built, not as they are now) and the model's training facts, as <c>dotnet pack</c> would make it.
/// </summary>
public static class LastBuild
{
    /// <summary>The version a last build is shown with: it is no published version.</summary>
    public const string Version = "last build";

    /// <summary>
    /// The last build of <paramref name="spec"/>; null with an error when there is none to go by (never built, or its
    /// model is not the one recorded). A build that is stale (inputs changed since) is a warning: its outputs are compared as they are.
    /// </summary>
    public static PublishedModel? Read(ModelSpec spec, string packageId, DiagnosticBag diagnostics)
    {
        var outputs = spec.Outputs;
        if (BuildRecord.Read(outputs) is not { } record)
        {
            diagnostics.Error(DiagnosticCodes.ProjectNotBuilt, $"Model '{spec.Name}' has no last build to compare: {BuildRecord.WhyNone(outputs)}. Run dotnet build first.", spec.ProjectFile);
            return null;
        }
        if ((record.TrainingMismatch(outputs) ?? (record.Evaluation is null ? "the last build stopped before evaluating it" : null)) is { } why)
        {
            diagnostics.Error(DiagnosticCodes.ProjectOutputsNotAsRecorded, $"Model '{spec.Name}''s outputs are not what its last build recorded: {why}. Run dotnet build first.", spec.ProjectFile);
            return null;
        }
        // A model scored through ML.NET is read (its evaluation predictions are kept too): ModelComparison says why it does not compare.
        if ((record.PredictionsOnly && !record.ScoredByMLNet) || ModelFiles.LoadBuilt(outputs.ModelPath, DiagnosticCodes.ProjectOutputsNotAsRecorded, diagnostics, outputs.ModelPath) is not { } model)
        {
            if (!diagnostics.HasErrors)
                diagnostics.Error(DiagnosticCodes.NotAModelPackage, $"Model '{spec.Name}' is an External trainer's predictions, not a model that can score a shared evaluation set.", spec.ProjectFile);
            return null;
        }
        var now = Fingerprint.Compute(spec, previous: record);
        if (record.InputChanges(now.EngineVersion, now.Files, now.Training, now.Settings) is { Count: > 0 } changes)
            diagnostics.Warning(DiagnosticCodes.ProjectBuildStale,
                $"Model '{spec.Name}''s last build is stale ({string.Join("; ", changes)}): the diff compares that build; run dotnet build first to compare what a build now makes.", spec.ProjectFile);
        var training = model.Document.Training;
        var lineage = new Lineage
        {
            Model = spec.Name,
            PackageId = packageId,
            Version = Version,
            Task = model.Document.Task,
            Trainer = training.Trainer,
            Parameters = training.Parameters,
            Seed = training.Seed,
            EngineVersion = training.EngineVersion,
            Fingerprint = training.Fingerprint,
            Inputs = Inputs(spec, record),
            Outputs = record.Outputs.Select(o => new HashedFile("built", o.Key, o.Value)).ToArray(),
        };
        var metrics = File.Exists(outputs.MetricsPath) ? MetricsFile.TryRead(File.ReadAllBytes(outputs.MetricsPath)) : null;
        return new PublishedModel(packageId, Version, lineage, GateResult.TryRead(outputs.GateResultPath), metrics, model.Document)
        {
            ProjectDirectory = Path.GetDirectoryName(Path.GetFullPath(spec.ProjectFile)),
        };
    }

    /// <summary>The inputs in the roles <c>dotnet pack</c> gives them, each with the hash the build recorded.</summary>
    private static HashedFile[] Inputs(ModelSpec spec, BuildRecord record) =>
        ModelPackage.Inputs(spec).Select(p => new HashedFile(p.Role, p.File.DisplayPath.Replace('\\', '/'), record.Inputs.GetValueOrDefault(p.File.DisplayPath, "not recorded"))).ToArray();
}
