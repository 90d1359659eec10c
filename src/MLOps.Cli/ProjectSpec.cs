using MLOps.Engine.Data;
using MLOps.Engine.Diagnostics;
using MLOps.Engine.Packages;
using MLOps.Engine.Pipeline;

namespace MLOps.Cli;

/// <summary>
/// A model project's <see cref="ModelSpec"/>, as the build's PrepareModelPipeline task makes it from the same
/// properties and items (src/MLOps.Build/Tasks/PrepareModelPipeline.cs): what <c>mlops status</c> fingerprints.
/// </summary>
internal static class ProjectSpec
{
    private static readonly string[] Properties =
    [
        "ModelName", "UsingMLOpsBuildSdk", "ModelTask", "LabelColumn", "Trainer", "TrainerCommand", "TrainerTimeout", "Seed", "DataSchemaFile", "ModelExportOnnx",
        "BaselineModelPath", "BaselinePackageId", "BaselineVersion", "BaselineSource", "NuGetPackageRoot", "ModelFeedTimeout", "PackageVersion",
        "ModelOutputPath", "ModelMetricsPath", "ModelReportPath", "ModelFingerprintPath", "ModelGateResultPath", "ModelHtmlReportPath",
        "ModelValidationReportPath", "ModelDiagnosticsPath", "PackageId",
    ];

    private static readonly string[] Items = ["TrainingData", "EvaluationData", "ReferenceData", "TrainerParameter", "ExcludeColumn", "PretrainedModel"];

    /// <summary>
    /// The spec of <paramref name="project"/>; null when it is not a model project (no TrainingData and not an
    /// MLOps.Build.Sdk project) or cannot be evaluated (then with an error).
    /// </summary>
    public static ModelSpec? Read(string project, string? configuration, DiagnosticBag diagnostics, CancellationToken cancel = default) =>
        Read(project, configuration, diagnostics, out _, cancel);

    /// <summary>As <see cref="Read(string, string?, DiagnosticBag, CancellationToken)"/>, with the project's PackageId (the project's name when it has none).</summary>
    public static ModelSpec? Read(string project, string? configuration, DiagnosticBag diagnostics, out string packageId, CancellationToken cancel = default)
    {
        packageId = Path.GetFileNameWithoutExtension(project);
        if (ProjectEvaluation.Read(project, configuration, Properties, diagnostics, Items, cancel: cancel) is not { } p) return null;
        packageId = p.Property("PackageId") ?? packageId;
        if (p.Property("UsingMLOpsBuildSdk") != "true" && p.Item("TrainingData").Count == 0) return null;
        var directory = Path.GetDirectoryName(project)!;
        DataFile[] Files(string item) => p.Item(item).Select(i => DataFile.Resolve(directory, i.Identity)).ToArray();
        string Output(string name) => Path.GetFullPath(p.Property(name) ?? "", directory);
        var outputs = new ModelOutputs(Output("ModelOutputPath"), Output("ModelMetricsPath"), Output("ModelReportPath"), Output("ModelFingerprintPath"),
            Output("ModelGateResultPath"), Output("ModelHtmlReportPath"));
        if (p.Property("ModelValidationReportPath") is not null) outputs = outputs with { ValidationReportPath = Output("ModelValidationReportPath") };
        if (p.Property("ModelDiagnosticsPath") is not null) outputs = outputs with { DiagnosticsPath = Output("ModelDiagnosticsPath") };
        return new ModelSpec
        {
            Name = p.Property("ModelName") ?? Path.GetFileNameWithoutExtension(project),
            ProjectFile = project,
            Task = p.Properties.GetValueOrDefault("ModelTask", ""),
            LabelColumn = p.Properties.GetValueOrDefault("LabelColumn", ""),
            Trainer = p.Properties.GetValueOrDefault("Trainer", ""),
            TrainerCommand = p.Property("TrainerCommand"),
            TrainerTimeout = p.Properties.GetValueOrDefault("TrainerTimeout", ""),
            Seed = p.Properties.GetValueOrDefault("Seed", ""),
            TrainingData = Files("TrainingData"),
            EvaluationData = Files("EvaluationData"),
            ReferenceData = Files("ReferenceData"),
            PretrainedModel = Files("PretrainedModel") is [var pretrained] ? pretrained : null,
            DataSchema = p.Property("DataSchemaFile") is { } schema ? DataFile.Resolve(directory, schema) : null,
            TrainerParameters = p.Item("TrainerParameter").Select(i => KeyValuePair.Create(i.Identity, i.Metadata.GetValueOrDefault("Value", ""))).ToArray(),
            ExcludeColumns = p.Item("ExcludeColumn").Select(i => i.Identity).ToArray(),
            BaselineModel = p.Property("BaselineModelPath") is { } baseline ? DataFile.Resolve(directory, baseline) : null,
            BaselinePackage = p.Property("BaselinePackageId") is { } id
                ? new BaselinePackage(id, p.Property("BaselineVersion"), p.Properties.GetValueOrDefault("BaselineSource", ""), BaselinePackage.PackagesFolderOr(p.Property("NuGetPackageRoot")))
                    { FeedTimeout = p.Property("ModelFeedTimeout") }
                : null,
            Version = p.Property("PackageVersion"),
            ExportOnnx = p.Properties.GetValueOrDefault("ModelExportOnnx", ""),
            Outputs = outputs,
        };
    }
}
