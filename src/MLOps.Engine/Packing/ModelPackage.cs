using MLOps.Engine.Data;
using MLOps.Engine.Diagnostics;
using MLOps.Engine.Gates;
using MLOps.Engine.IO;
using MLOps.Engine.Pipeline;
using MLOps.Engine.Packages;
using MLOps.Engine.Reports;
using MLOps.Runtime;

namespace MLOps.Engine.Packing;

/// <summary>How a model is packed: its id and version, the texts for its card, and whether the package must be reproducible.</summary>
public sealed record PackageInfo(string PackageId, string Version, string IntermediateDirectory)
{
    public string? IntendedUse { get; init; }
    public string? Limitations { get; init; }
    /// <summary>When true (the default), nothing time-dependent goes into the package, so two packs are byte-identical.</summary>
    public bool Reproducible { get; init; } = true;
}

/// <summary>One file to pack and where it goes in the package.</summary>
public sealed record PackageFile(string FullPath, string PackagePath);

/// <summary>Writes the model card and the lineage of a model package and lists every file that goes under <c>models/</c>.</summary>
public static class ModelPackage
{
    /// <summary>The data contract packed beside a model (models/*.json with the contract format), or null.</summary>
    private static Contracts.DataContract? PackagedContract(string modelsFolder) =>
        Directory.EnumerateFiles(modelsFolder, "*.json")
            .Where(f => File.ReadAllText(f).Contains($"\"{Contracts.ContractFile.FormatName}\"", StringComparison.Ordinal))
            .Select(f => Contracts.ContractFile.Read(new Data.DataFile(f, Path.GetFileName(f)), new DiagnosticBag()))
            .FirstOrDefault(c => c is not null);

    /// <summary>The build's outputs that are packed: the model, and the metrics, reports, reference profile and gate result it has.</summary>
    public static IEnumerable<string> BuiltFiles(ModelSpec spec)
    {
        var outputs = spec.Outputs;
        var evidence = spec.DataSchema is null
            ? new[] { outputs.MetricsPath, outputs.ReportPath, outputs.HtmlReportPath, outputs.GateResultPath, outputs.ProfilePath }
            : [outputs.MetricsPath, outputs.ReportPath, outputs.HtmlReportPath, outputs.GateResultPath, outputs.ProfilePath, outputs.ValidationReportPath, ValidationReport.MarkdownPath(outputs.ValidationReportPath)];
        // The ONNX export goes with the model when this build made it (a file left from an earlier build is not packed).
        var onnx = spec.ExportsOnnx == true ? [outputs.OnnxPath] : Array.Empty<string>();
        // An ML.NET model scored through ML.NET is the .zip its model file names (one left from an earlier build is not packed).
        var mlnet = BuildRecord.Read(outputs)?.ScoredByMLNet == true ? [outputs.MLNetModelPath] : Array.Empty<string>();
        return evidence.Where(File.Exists).Prepend(outputs.ModelPath).Concat(mlnet).Concat(onnx);
    }

    public static (StepResult Result, IReadOnlyList<PackageFile> Files) Describe(ModelSpec spec, PackageInfo package)
    {
        var diagnostics = new DiagnosticBag(spec.MaxDiagnosticsPerCode);
        var built = ModelFiles.LoadBuilt(spec, diagnostics);
        if (built is null || built.Scorer is null && built.Document.Predictor.Kind != PredictorKinds.MLNet)
        {
            if (built is not null)
                diagnostics.Error(DiagnosticCodes.NothingToPack,
                    $"Model '{spec.Name}' is the predictions an External trainer wrote for the evaluation data, not a model an app can load, so there is nothing to pack. Have TrainerCommand write a model to the request's modelPath (docs/model-format.md).",
                    spec.ProjectFile);
            return (new StepResult(diagnostics.Complete(), []), []);
        }

        string In(string path) => $"models/{Path.GetFileName(path)}";
        var files = BuiltFiles(spec).Select(path => new PackageFile(path, In(path))).ToList();
        if (spec.DataSchema is { } contract) files.Add(new PackageFile(contract.FullPath, In(contract.FullPath)));

        // SemVer: compared with the published baseline, a change that breaks callers needs a new major version.
        if (spec.BaselinePackage is { } published && BaselineResolver.ResolveModel(published, spec.ProjectFile, diagnostics) is { } resolved
            && ModelFiles.Load(resolved.Model.FullPath, DiagnosticCodes.BaselineNotFound, diagnostics, resolved.Model.DisplayPath) is { } baseline)
            Compatibility.Check(baseline.Document, resolved.Version, built.Document, package.Version, spec.ProjectFile, diagnostics,
                PackagedContract(Path.GetDirectoryName(resolved.Model.FullPath)!), spec.DataSchema is { } schema ? Contracts.ContractFile.Read(schema, new DiagnosticBag()) : null);
        if (diagnostics.HasErrors) return (new StepResult(diagnostics.Complete(), []), []);

        var gates = GateResult.TryRead(spec.Outputs.GateResultPath);
        var metrics = File.Exists(spec.Outputs.MetricsPath) ? MetricsFile.Read(spec.Outputs.MetricsPath) : null;
        var inputs = Inputs(spec).Where(p => File.Exists(p.File.FullPath))
            .Select(p => new HashedFile(p.Role, p.File.DisplayPath.Replace('\\', '/'), FileHash.Sha256Of(p.File.FullPath)))
            .ToArray();
        var document = built.Document;
        var lineage = new Lineage
        {
            Model = spec.Name,
            PackageId = package.PackageId,
            Version = package.Version,
            Task = document.Task,
            Trainer = document.Training.Trainer,
            Parameters = document.Training.Parameters,
            Conversion = document.Training.Conversion,
            TrainedBy = document.Training.TrainedBy,
            ScoredByMLNet = document.Predictor.Kind == PredictorKinds.MLNet ? document.Training.NotConverted ?? "no MLOps.Runtime form" : null,
            Seed = document.Training.Seed,
            EngineVersion = document.Training.EngineVersion,
            Fingerprint = document.Training.Fingerprint,
            Inputs = inputs,
            Outputs = [],
            Git = GitState.Of(Path.GetDirectoryName(spec.ProjectFile) ?? "."),
            GateOverride = gates?.Override,
            BuiltAt = package.Reproducible ? null : DateTimeOffset.UtcNow.ToString("O"),
        };

        Directory.CreateDirectory(package.IntermediateDirectory);
        var cardPath = Path.Combine(package.IntermediateDirectory, $"{spec.Name}.card.md");
        AtomicFile.WriteAllText(cardPath, ModelCard.Render(document, metrics, gates, lineage, package.IntendedUse, package.Limitations));
        files.Add(new PackageFile(cardPath, In(cardPath)));
        lineage = lineage with { Outputs = files.Select(f => new HashedFile("packaged", f.PackagePath, FileHash.Sha256Of(f.FullPath))).ToArray() };
        var lineagePath = Path.Combine(package.IntermediateDirectory, $"{spec.Name}.lineage.json");
        lineage.Write(lineagePath);
        files.Add(new PackageFile(lineagePath, In(lineagePath)));
        var messages = new List<string> { $"{spec.Name}: lineage and model card for {package.PackageId} {package.Version} ({files.Count} files under models/)" };
        return (new StepResult(diagnostics.Complete(), messages), files);
    }

    /// <summary>A model's inputs in the roles its lineage lists them with.</summary>
    internal static IEnumerable<(string Role, DataFile File)> Inputs(ModelSpec spec) =>
        spec.TrainingData.Select(f => (DataValidation.Training, f))
            .Concat(spec.EvaluationData.Select(f => (DataValidation.Evaluation, f)))
            .Concat(spec.ReferenceData.Select(f => (DataValidation.Reference, f)))
            .Concat(spec.DataSchema is null ? [] : [("data contract", spec.DataSchema)])
            .Concat(spec.PretrainedModel is null ? [] : [("pretrained model", spec.PretrainedModel)])
            .Concat(spec.BaselineModel is null ? [] : [("baseline model", spec.BaselineModel)]);
}
