using System.Globalization;
using MLOps.Engine.Data;
using MLOps.Engine.Diagnostics;
using MLOps.Engine.Packages;
using MLOps.Engine.Vocabulary;

namespace MLOps.Engine.Pipeline;

/// <summary>One item of a model project as written: its identity and its own (custom) metadata.</summary>
public sealed record ProjectItem(string Identity, IReadOnlyDictionary<string, string> Metadata)
{
    public ProjectItem(string identity) : this(identity, new Dictionary<string, string>()) { }
}

/// <summary>
/// A model project's properties and items by the names the project writes them with (<c>ModelTask</c>,
/// <c>TrainingData</c>, …), however a front end read them: the MSBuild task's parameters, or <c>mlops</c>'s evaluation
/// of the project. <see cref="ToSpec"/> is the one place they become a <see cref="ModelSpec"/>, so <c>mlops status</c>
/// and <c>mlops diff</c> fingerprint exactly what the build records.
/// </summary>
public sealed record ProjectValues(string ProjectFile, IReadOnlyDictionary<string, string> Properties, IReadOnlyDictionary<string, IReadOnlyList<ProjectItem>> Items)
{
    /// <summary>Every property <see cref="ToSpec"/> reads: what a front end evaluating a project asks for.</summary>
    public static readonly IReadOnlyList<string> PropertyNames =
    [
        "ModelName", "ModelTask", "LabelColumn", "Trainer", "TrainerCommand", "TrainerTimeout", "Seed", "DataSchemaFile", "ModelMaxDiagnosticsPerCode",
        "ModelGateCorrection", "ModelGateResamples", "GateOverrideReason", "GateOverrideGates", "GateOverrideBy",
        "BaselineModelPath", "BaselinePackageId", "BaselineVersion", "BaselineSource", "NuGetPackageRoot", "ModelFeedTimeout", "ModelCacheSource", "PackageId",
        "PackageVersion", "ModelExportOnnx", "ModelOutputPath", "ModelMetricsPath", "ModelReportPath", "ModelFingerprintPath", "ModelGateResultPath",
        "ModelHtmlReportPath", "ModelValidationReportPath", "ModelDiagnosticsPath",
    ];

    /// <summary>Every item type <see cref="ToSpec"/> reads.</summary>
    public static readonly IReadOnlyList<string> ItemTypes =
        ["TrainingData", "EvaluationData", "ReferenceData", "PretrainedModel", "TrainerParameter", "ExcludeColumn", "ModelGate", "SliceColumn", "FairnessGate"];

    /// <summary>A property's value, or null when it is not set (empty or blank).</summary>
    public string? Property(string name) => Properties.GetValueOrDefault(name) is { } value && !string.IsNullOrWhiteSpace(value) ? value : null;

    /// <summary>An item type's items (none when it has none).</summary>
    public IReadOnlyList<ProjectItem> Item(string type) => Items.GetValueOrDefault(type) ?? [];

    private string Directory => Path.GetDirectoryName(Path.GetFullPath(ProjectFile)) ?? ".";

    /// <summary>
    /// The project's <see cref="ModelSpec"/>: values as written (Settings.Check parses them, with coded errors), files
    /// resolved against the project's folder, defaults where a property is not set.
    /// </summary>
    public ModelSpec ToSpec()
    {
        string AsWritten(string name) => Properties.GetValueOrDefault(name) ?? "";
        DataFile? File(string? path) => path is null ? null : DataFile.Resolve(Directory, path);
        DataFile[] Files(string type) => Item(type).Select(i => DataFile.Resolve(Directory, i.Identity)).ToArray();
        GateItem[] GateItems(string type) => Item(type).Select(i => new GateItem(i.Identity, i.Metadata)).ToArray();
        var packagesFolder = BaselinePackage.PackagesFolderOr(Property("NuGetPackageRoot"));
        return new ModelSpec
        {
            Name = Property("ModelName") ?? Path.GetFileNameWithoutExtension(ProjectFile),
            ProjectFile = ProjectFile,
            Task = AsWritten("ModelTask"),
            LabelColumn = AsWritten("LabelColumn"),
            Trainer = AsWritten("Trainer"),
            TrainerCommand = Property("TrainerCommand"),
            TrainerTimeout = AsWritten("TrainerTimeout"),
            Seed = AsWritten("Seed"),
            TrainingData = Files("TrainingData"),
            EvaluationData = Files("EvaluationData"),
            ReferenceData = Files("ReferenceData"),
            PretrainedModel = Files("PretrainedModel") is [var pretrained] ? pretrained : null,
            DataSchema = File(Property("DataSchemaFile")),
            TrainerParameters = Item("TrainerParameter").Select(i => KeyValuePair.Create(i.Identity, i.Metadata.GetValueOrDefault("Value", ""))).ToArray(),
            ExcludeColumns = Item("ExcludeColumn").Select(i => i.Identity).ToArray(),
            MaxDiagnosticsPerCode = int.TryParse(Property("ModelMaxDiagnosticsPerCode"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var max) ? max : DiagnosticBag.DefaultMaxPerCode,
            Gates = GateItems("ModelGate"),
            Slices = GateItems("SliceColumn"),
            FairnessGates = GateItems("FairnessGate"),
            BaselineModel = File(Property("BaselineModelPath")),
            BaselinePackage = Property("BaselinePackageId") is { } id
                ? new BaselinePackage(id, Property("BaselineVersion"), AsWritten("BaselineSource"), packagesFolder) { FeedTimeout = Property("ModelFeedTimeout") }
                : null,
            Cache = Property("ModelCacheSource") is { } cache && Property("PackageId") is { } packageId
                ? new ModelCache(cache, packageId, packagesFolder, Property("ModelFeedTimeout"))
                : null,
            GateOverrideReason = Property("GateOverrideReason"),
            GateOverrideGates = AsWritten("GateOverrideGates").Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            GateOverrideBy = Property("GateOverrideBy")?.Trim(),
            Version = Property("PackageVersion"),
            GateCorrection = Property("ModelGateCorrection") ?? ModelDefaults.GateCorrection,
            GateResamples = Property("ModelGateResamples") ?? ModelDefaults.GateResamples.ToString(CultureInfo.InvariantCulture),
            ExportOnnx = AsWritten("ModelExportOnnx"),
            Outputs = Outputs(),
        };
    }

    private ModelOutputs Outputs()
    {
        string Output(string name) => Path.GetFullPath(Property(name) ?? "", Directory);
        var outputs = new ModelOutputs(Output("ModelOutputPath"), Output("ModelMetricsPath"), Output("ModelReportPath"), Output("ModelFingerprintPath"),
            Output("ModelGateResultPath"), Output("ModelHtmlReportPath"));
        if (Property("ModelValidationReportPath") is not null) outputs = outputs with { ValidationReportPath = Output("ModelValidationReportPath") };
        if (Property("ModelDiagnosticsPath") is not null) outputs = outputs with { DiagnosticsPath = Output("ModelDiagnosticsPath") };
        return outputs;
    }
}
