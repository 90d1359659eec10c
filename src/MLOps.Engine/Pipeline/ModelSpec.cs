using MLOps.Engine.Data;
using MLOps.Engine.Trainers;
using MLOps.Engine.Vocabulary;

namespace MLOps.Engine.Pipeline;

/// <summary>Everything a model project says about its model: what front ends (MSBuild, Cake, CLI) translate their inputs into.</summary>
public sealed record ModelSpec
{
    /// <summary>The model's name (<c>ModelName</c>).</summary>
    public required string Name { get; init; }
    /// <summary>The project file, named in diagnostics about the project's properties and items.</summary>
    public required string ProjectFile { get; init; }
    /// <summary><c>ModelTask</c> as written.</summary>
    public string Task { get; init; } = "BinaryClassification";
    /// <summary><c>LabelColumn</c>.</summary>
    public string LabelColumn { get; init; } = "";
    /// <summary><c>Trainer</c> as written; when not set, the task's default (<see cref="TrainerRegistry.DefaultFor"/>).</summary>
    public string Trainer { get => string.IsNullOrWhiteSpace(field) ? TrainerRegistry.DefaultFor(ModelTasks.TryParse(Task, out var task) ? task : ModelTask.BinaryClassification).Name : field; init; } = "";
    /// <summary><c>TrainerCommand</c>: the command an <c>External</c> trainer runs (docs/trainers.md).</summary>
    public string? TrainerCommand { get; init; }
    /// <summary><c>TrainerTimeout</c> as written (a TimeSpan, e.g. <c>00:30:00</c>): how long an External trainer may run; null or empty for no limit.</summary>
    public string? TrainerTimeout { get; init; }
    /// <summary><c>Seed</c> as written.</summary>
    public string Seed { get; init; } = ModelDefaults.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture);
    /// <summary><c>TrainingData</c> items.</summary>
    public IReadOnlyList<DataFile> TrainingData { get; init; } = [];
    /// <summary><c>EvaluationData</c> items; when empty, a seeded 20% of training rows is held out.</summary>
    public IReadOnlyList<DataFile> EvaluationData { get; init; } = [];
    /// <summary><c>ReferenceData</c> items: more data (e.g. recent production inputs) checked against the contract and for drift from the training data.</summary>
    public IReadOnlyList<DataFile> ReferenceData { get; init; } = [];
    /// <summary><c>DataSchemaFile</c>: the data contract, or null for none.</summary>
    public DataFile? DataSchema { get; init; }
    /// <summary><c>TrainerParameter</c> items (name, value as written).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> TrainerParameters { get; init; } = [];
    /// <summary><c>ExcludeColumn</c> items: columns that are not model inputs.</summary>
    public IReadOnlyList<string> ExcludeColumns { get; init; } = [];
    /// <summary><c>ModelGate</c> items: metric name and metadata (Minimum, Maximum, MaxDecrease, Confidence, MustImprove, Test).</summary>
    public IReadOnlyList<GateItem> Gates { get; init; } = [];
    /// <summary><c>SliceColumn</c> items: column name and metadata (MinimumRows).</summary>
    public IReadOnlyList<GateItem> Slices { get; init; } = [];
    /// <summary><c>FairnessGate</c> items: sensitive column name and metadata (Metric, Minimum, Maximum, MinimumRows).</summary>
    public IReadOnlyList<GateItem> FairnessGates { get; init; } = [];
    /// <summary><c>PretrainedModel</c>: a model trained elsewhere, evaluated, gated and packed in place of training; null to train.</summary>
    public DataFile? PretrainedModel { get; init; }
    /// <summary><c>BaselineModelPath</c>: the model in production, to compare with; null or empty for none.</summary>
    public DataFile? BaselineModel { get; init; }
    /// <summary><c>BaselinePackageId</c>, <c>BaselineVersion</c>, <c>BaselineSource</c>: the baseline as a published model package (used when <see cref="BaselineModel"/> is not set).</summary>
    public Packages.BaselinePackage? BaselinePackage { get; init; }
    /// <summary><c>ModelCacheSource</c> with the package id to look for: a feed whose packages stand in for training (docs/registry.md); null for none.</summary>
    public ModelCache? Cache { get; init; }
    /// <summary><c>GateOverrideReason</c>: when set, failed gates warn instead of failing, and the reason is recorded.</summary>
    public string? GateOverrideReason { get; init; }
    /// <summary><c>GateOverrideGates</c>: the metrics whose failed gates the override passes; empty for every gate.</summary>
    public IReadOnlyList<string> GateOverrideGates { get; init; } = [];
    /// <summary><c>GateOverrideBy</c>: who overrides; when null, the CI's actor variable or the user names them.</summary>
    public string? GateOverrideBy { get; init; }
    /// <summary>The version the model is packed as (<c>$(PackageVersion)</c>), named in the reports; null when unknown.</summary>
    public string? Version { get; init; }
    /// <summary><c>ModelGateCorrection</c>: Holm (default), BenjaminiHochberg or None.</summary>
    public string GateCorrection { get; init; } = ModelDefaults.GateCorrection;
    /// <summary><c>ModelGateResamples</c>: bootstrap resamples for gates without a closed-form test.</summary>
    public string GateResamples { get; init; } = ModelDefaults.GateResamples.ToString(System.Globalization.CultureInfo.InvariantCulture);
    /// <summary><c>ModelExportOnnx</c> as written: <c>true</c> writes <see cref="ModelOutputs.OnnxPath"/>, checked by ONNX Runtime (docs/onnx.md).</summary>
    public string? ExportOnnx { get; init; }
    /// <summary>Whether <see cref="ExportOnnx"/> asks for the ONNX file; null when it is neither true nor false.</summary>
    internal bool? ExportsOnnx => string.IsNullOrWhiteSpace(ExportOnnx) ? false
        : bool.TryParse(ExportOnnx.Trim(), out var export) ? export : null;
    /// <summary>At most this many messages of one code per file.</summary>
    public int MaxDiagnosticsPerCode { get; init; } = Diagnostics.DiagnosticBag.DefaultMaxPerCode;
    /// <summary>Where outputs go.</summary>
    public required ModelOutputs Outputs { get; init; }
}

/// <summary>One <c>ModelGate</c> item as written.</summary>
public sealed record GateItem(string Metric, IReadOnlyDictionary<string, string> Metadata);

/// <summary>The files a model build writes.</summary>
public sealed record ModelOutputs(string ModelPath, string MetricsPath, string ReportPath, string FingerprintPath, string GateResultPath, string HtmlReportPath)
{
    /// <summary>The validation report (JSON; its Markdown twin goes beside it); by default beside the metrics.</summary>
    public string ValidationReportPath { get; init; } = BesideMetrics(MetricsPath, ".validation.json");

    /// <summary>What the build's steps reported (<see cref="Diagnostics.BuildDiagnostics"/>); by default beside the metrics.</summary>
    public string DiagnosticsPath { get; init; } = BesideMetrics(MetricsPath, ".diagnostics.json");

    /// <summary>Where the evaluation predictions of an External trainer that writes no model are kept: beside the model.</summary>
    public string PredictionsPath => Path.Combine(Path.GetDirectoryName(ModelPath) ?? "", Path.GetFileName(ModelPath).Replace(".model.json", "") + ".predictions.csv");

    /// <summary>An ML.NET model scored through ML.NET (predictor kind <c>mlnet</c>): the .zip beside the model, named like it; packed.</summary>
    public string MLNetModelPath => Path.Combine(Path.GetDirectoryName(ModelPath) ?? "", Path.GetFileName(ModelPath).Replace(".model.json", "") + ".mlnet.zip");

    /// <summary>The ONNX export of the model (<c>ModelExportOnnx</c>): beside the model, named like it.</summary>
    public string OnnxPath => Path.Combine(Path.GetDirectoryName(ModelPath) ?? "", Path.GetFileName(ModelPath).Replace(".model.json", "") + ".onnx");

    /// <summary>The reference profile of the evaluation data and the model's scores on it (docs/monitoring.md): beside the model, named like it; packed.</summary>
    public string ProfilePath => Path.Combine(Path.GetDirectoryName(ModelPath) ?? "", Path.GetFileName(ModelPath).Replace(".model.json", "") + ".profile.json");

    private static string BesideMetrics(string metricsPath, string extension) =>
        Path.Combine(Path.GetDirectoryName(metricsPath) ?? "", Path.GetFileName(metricsPath).Replace(".metrics.json", "") + extension);
}
