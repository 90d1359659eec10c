using MLOps.Engine.Data;

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
    /// <summary><c>Trainer</c> as written.</summary>
    public string Trainer { get; init; } = "LogisticRegression";
    /// <summary><c>Seed</c> as written.</summary>
    public string Seed { get; init; } = "42";
    /// <summary><c>TrainingData</c> items.</summary>
    public IReadOnlyList<DataFile> TrainingData { get; init; } = [];
    /// <summary><c>EvaluationData</c> items; when empty, a seeded 20% of training rows is held out.</summary>
    public IReadOnlyList<DataFile> EvaluationData { get; init; } = [];
    /// <summary><c>TrainerParameter</c> items (name, value as written).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> TrainerParameters { get; init; } = [];
    /// <summary><c>ExcludeColumn</c> items: columns that are not model inputs.</summary>
    public IReadOnlyList<string> ExcludeColumns { get; init; } = [];
    /// <summary>At most this many messages of one code per file.</summary>
    public int MaxDiagnosticsPerCode { get; init; } = Diagnostics.DiagnosticBag.DefaultMaxPerCode;
    /// <summary>Where outputs go.</summary>
    public required ModelOutputs Outputs { get; init; }
}

/// <summary>The files a model build writes.</summary>
public sealed record ModelOutputs(string ModelPath, string MetricsPath, string ReportPath, string FingerprintPath)
{
    /// <summary>All of them, for clean-up and up-to-date checks.</summary>
    public IEnumerable<string> All => [ModelPath, MetricsPath, ReportPath, FingerprintPath];
}
