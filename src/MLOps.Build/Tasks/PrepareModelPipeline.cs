using MLOps.Engine.Diagnostics;
using MLOps.Engine.Pipeline;
using Microsoft.Build.Framework;
using MSBuildTask = Microsoft.Build.Utilities.Task;

namespace MLOps.Build.Tasks;

/// <summary>
/// The one place a model project's properties and items become the engine's <see cref="ModelSpec"/>: run once per
/// build (the _MLOpsPrepareModelPipeline target), it leaves a <see cref="ModelPipeline"/> for the step tasks
/// (<see cref="ModelStepTask"/>) and the pack tasks to take by the model's record path. Tasks hold no model logic.
/// </summary>
public sealed class PrepareModelPipeline : MSBuildTask
{
    [Required] public string ModelName { get; set; } = "";
    [Required] public string ProjectDirectory { get; set; } = "";
    /// <summary>The model project (<c>$(MSBuildProjectFullPath)</c>): diagnostics about its settings point here, not at our targets file.</summary>
    [Required] public string ProjectFile { get; set; } = "";
    public string ModelTask { get; set; } = "";
    public string LabelColumn { get; set; } = "";
    public string Trainer { get; set; } = "";
    /// <summary><c>TrainerCommand</c>: the program an <c>External</c> trainer runs.</summary>
    public string TrainerCommand { get; set; } = "";
    /// <summary><c>TrainerTimeout</c>: how long an <c>External</c> trainer may run (a TimeSpan); empty for no limit.</summary>
    public string TrainerTimeout { get; set; } = "";
    public string Seed { get; set; } = "";
    public ITaskItem[] TrainingData { get; set; } = [];
    public ITaskItem[] EvaluationData { get; set; } = [];
    /// <summary><c>ReferenceData</c> items: checked against the contract and for drift from the training data.</summary>
    public ITaskItem[] ReferenceData { get; set; } = [];
    /// <summary><c>DataSchemaFile</c>: the data contract.</summary>
    public string DataSchemaFile { get; set; } = "";
    /// <summary>Where the validation report goes (JSON; Markdown beside it).</summary>
    public string ModelValidationReportPath { get; set; } = "";
    /// <summary>Where the steps record their diagnostics (JSON), for reporting after the build.</summary>
    public string ModelDiagnosticsPath { get; set; } = "";
    /// <summary>Items whose identity is the name and whose <c>Value</c> metadata is the value.</summary>
    public ITaskItem[] TrainerParameters { get; set; } = [];
    public ITaskItem[] ExcludeColumns { get; set; } = [];
    public int MaxDiagnosticsPerCode { get; set; } = DiagnosticBag.DefaultMaxPerCode;
    [Required] public string ModelOutputPath { get; set; } = "";
    [Required] public string ModelMetricsPath { get; set; } = "";
    [Required] public string ModelReportPath { get; set; } = "";
    [Required] public string ModelFingerprintPath { get; set; } = "";
    [Required] public string ModelGateResultPath { get; set; } = "";
    [Required] public string ModelHtmlReportPath { get; set; } = "";
    /// <summary><c>ModelGate</c> items: the identity is the metric, the metadata the rule.</summary>
    public ITaskItem[] ModelGates { get; set; } = [];
    /// <summary><c>SliceColumn</c> items (metadata MinimumRows).</summary>
    public ITaskItem[] SliceColumns { get; set; } = [];
    /// <summary><c>FairnessGate</c> items: the identity is the sensitive column (metadata Metric, Minimum, Maximum, MinimumRows).</summary>
    public ITaskItem[] FairnessGates { get; set; } = [];
    public string BaselineModelPath { get; set; } = "";
    public string BaselinePackageId { get; set; } = "";
    public string BaselineVersion { get; set; } = "";
    public string BaselineSource { get; set; } = "";
    /// <summary><c>$(NuGetPackageRoot)</c>: where baseline packages are downloaded to, as NuGet lays packages out.</summary>
    public string NuGetPackageRoot { get; set; } = "";
    /// <summary><c>ModelFeedTimeout</c>: how long a feed may send nothing (a TimeSpan or seconds; default 60 s).</summary>
    public string ModelFeedTimeout { get; set; } = "";
    /// <summary><c>ModelCacheSource</c>: a feed whose model packages stand in for training (docs/registry.md).</summary>
    public string ModelCacheSource { get; set; } = "";
    /// <summary>The package id the model is published under (the cache looks it up by that).</summary>
    public string PackageId { get; set; } = "";
    public string GateOverrideReason { get; set; } = "";
    /// <summary><c>GateOverrideGates</c>: metric names separated by semicolons or commas.</summary>
    public string GateOverrideGates { get; set; } = "";
    public string GateOverrideBy { get; set; } = "";
    /// <summary><c>$(PackageVersion)</c>: the version the reports name the candidate by.</summary>
    public string ModelVersion { get; set; } = "";
    public string ModelGateCorrection { get; set; } = "";
    public string ModelGateResamples { get; set; } = "";
    /// <summary><c>ModelExportOnnx</c>: <c>true</c> writes and checks the model's ONNX export (docs/onnx.md).</summary>
    public string ModelExportOnnx { get; set; } = "";
    /// <summary><c>ModelTrainerAssembly</c> items: assemblies whose trainers to register (a package such as MLOps.Build.MLNet adds one).</summary>
    public ITaskItem[] TrainerAssemblies { get; set; } = [];
    /// <summary><c>PretrainedModel</c> items (at most one): a model trained elsewhere, built in place of training.</summary>
    public ITaskItem[] PretrainedModels { get; set; } = [];

    public override bool Execute()
    {
        foreach (var item in TrainerAssemblies)
            if (Tasks.TrainerAssemblies.Register(item.GetMetadata("FullPath")) is { } problem)
                Log.LogError(null, DiagnosticCodes.TrainerAssemblyNotLoaded, null, ProjectFile, 0, 0, 0, 0, problem);
        if (PretrainedModels.Length > 1)
            Log.LogError(null, DiagnosticCodes.PretrainedModelNotReadable, null, ProjectFile, 0, 0, 0, 0,
                $"A model project builds one model, but it names {PretrainedModels.Length} PretrainedModel items ({string.Join(", ", PretrainedModels.Select(i => i.ItemSpec))}). Keep one.");
        if (Log.HasLoggedErrors) return false;
        ModelPipelines.Register(BuildEngine, ModelFingerprintPath, new ModelPipeline(CreateSpec()));
        return true;
    }

    /// <summary>The project's values by the names it writes them with; the engine makes the spec (as <c>mlops status</c> does).</summary>
    private ModelSpec CreateSpec() => new ProjectValues(ProjectFile,
        new Dictionary<string, string>
        {
            ["ModelName"] = ModelName, ["ModelTask"] = ModelTask, ["LabelColumn"] = LabelColumn, ["Trainer"] = Trainer,
            ["TrainerCommand"] = TrainerCommand, ["TrainerTimeout"] = TrainerTimeout, ["Seed"] = Seed, ["DataSchemaFile"] = DataSchemaFile,
            ["ModelMaxDiagnosticsPerCode"] = MaxDiagnosticsPerCode.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ModelGateCorrection"] = ModelGateCorrection, ["ModelGateResamples"] = ModelGateResamples,
            ["GateOverrideReason"] = GateOverrideReason, ["GateOverrideGates"] = GateOverrideGates, ["GateOverrideBy"] = GateOverrideBy,
            ["BaselineModelPath"] = BaselineModelPath, ["BaselinePackageId"] = BaselinePackageId, ["BaselineVersion"] = BaselineVersion,
            ["BaselineSource"] = BaselineSource, ["NuGetPackageRoot"] = NuGetPackageRoot, ["ModelFeedTimeout"] = ModelFeedTimeout,
            ["ModelCacheSource"] = ModelCacheSource, ["PackageId"] = PackageId, ["PackageVersion"] = ModelVersion, ["ModelExportOnnx"] = ModelExportOnnx,
            ["ModelOutputPath"] = ModelOutputPath, ["ModelMetricsPath"] = ModelMetricsPath, ["ModelReportPath"] = ModelReportPath,
            ["ModelFingerprintPath"] = ModelFingerprintPath, ["ModelGateResultPath"] = ModelGateResultPath, ["ModelHtmlReportPath"] = ModelHtmlReportPath,
            ["ModelValidationReportPath"] = ModelValidationReportPath, ["ModelDiagnosticsPath"] = ModelDiagnosticsPath,
        },
        new Dictionary<string, IReadOnlyList<ProjectItem>>
        {
            ["TrainingData"] = Items(TrainingData), ["EvaluationData"] = Items(EvaluationData), ["ReferenceData"] = Items(ReferenceData),
            ["PretrainedModel"] = Items(PretrainedModels), ["TrainerParameter"] = Items(TrainerParameters), ["ExcludeColumn"] = Items(ExcludeColumns),
            ["ModelGate"] = Items(ModelGates), ["SliceColumn"] = Items(SliceColumns), ["FairnessGate"] = Items(FairnessGates),
        }).ToSpec();

    private static ProjectItem[] Items(ITaskItem[] items) => items.Select(i => new ProjectItem(i.ItemSpec, CustomMetadata(i))).ToArray();

    /// <summary>An item's own metadata by name (what CloneCustomMetadata enumerates differs between MSBuild versions; its keys do not).</summary>
    private static IReadOnlyDictionary<string, string> CustomMetadata(ITaskItem item)
    {
        var metadata = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in item.CloneCustomMetadata().Keys) metadata[(string)name] = item.GetMetadata((string)name);
        return metadata;
    }
}
