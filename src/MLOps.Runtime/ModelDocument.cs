using System.Text.Json.Serialization;

namespace MLOps.Runtime;

/// <summary>The model file as stored on disk (docs/model-format.md). Immutable; load it with <see cref="Model.Load(string)"/>.</summary>
public sealed record ModelDocument
{
    /// <summary>Always <c>mlops-model</c>; tells a model file from any other JSON.</summary>
    public required string Format { get; init; }
    /// <summary>Incremented on every change a reader of an older version could not read.</summary>
    public required int FormatVersion { get; init; }
    /// <summary>The model's name (the project's <c>ModelName</c>).</summary>
    public required string Name { get; init; }
    /// <summary><c>BinaryClassification</c>, <c>MulticlassClassification</c> or <c>Regression</c>.</summary>
    public required string Task { get; init; }
    /// <summary>The label column and, for classification, its classes in score order.</summary>
    public required LabelSpec Label { get; init; }
    /// <summary>The input columns in the order the predictor's features are laid out.</summary>
    public required IReadOnlyList<InputSpec> Inputs { get; init; }
    /// <summary>What turns features into a score.</summary>
    public required PredictorSpec Predictor { get; init; }
    /// <summary>How the model was made: trainer, parameters, seed, engine version, fingerprint.</summary>
    public required TrainingInfo Training { get; init; }
}

/// <summary>
/// The label column, its type (<c>boolean</c>, <c>number</c> or <c>category</c>, so evaluation data is read the same way)
/// and, for classification, its classes in score order. For binary classification <c>Classes[1]</c> is the positive class.
/// </summary>
public sealed record LabelSpec(string Name, string Type, IReadOnlyList<string> Classes);

/// <summary>One input column and how it becomes features.</summary>
public sealed record InputSpec
{
    /// <summary>Column name as in the data's header.</summary>
    public required string Name { get; init; }
    /// <summary><c>number</c>, <c>boolean</c> or <c>category</c>.</summary>
    public required string Type { get; init; }
    /// <summary>Numbers and booleans: subtracted before scaling; also the value a missing input takes.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Center { get; init; }
    /// <summary>Numbers and booleans: the divisor after centering (1 when the column is constant).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Scale { get; init; }
    /// <summary>Numbers and booleans: whether one extra feature says "this value was missing".</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool MissingIndicator { get; init; }
    /// <summary>Categories: the known values, one feature each; missing and unseen values set none of them.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Levels { get; init; }
    /// <summary>
    /// <c>raw</c> (tree models): one feature per input, the number as is or the category's index in <see cref="Levels"/>;
    /// missing and unseen values are NaN. Absent: the linear encoding above.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Encoding { get; init; }
}

/// <summary>
/// What turns features into a score. <c>linear</c>: <c>link(intercept + weights · features)</c>. <c>trees</c>:
/// <c>link(intercept + Σ tree(features))</c> over <see cref="Trees"/> (weights empty).
/// </summary>
public sealed record PredictorSpec(string Kind, string Link, double Intercept, IReadOnlyList<double> Weights)
{
    /// <summary>The trees of a <c>trees</c> predictor. With the <c>softmax</c> link, tree t adds to class t mod (number of classes).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<TreeSpec>? Trees { get; init; }
    /// <summary>With the <c>softmax</c> link (multiclass): one starting score per class, in <see cref="LabelSpec.Classes"/> order.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<double>? Intercepts { get; init; }
    /// <summary>An <c>mlnet</c> predictor's ML.NET model: the name of the .zip file beside the model file.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ModelFile { get; init; }
}

/// <summary>
/// One regression tree. Node <c>i</c> sends a row left when <c>features[Feature[i]] ≤ Threshold[i]</c>, or, when the
/// feature is NaN, when <c>MissingLeft[i]</c>. A child <c>c ≥ 0</c> is node <c>c</c>; <c>c &lt; 0</c> is leaf <c>~c</c>
/// (bitwise complement), whose value is <c>Leaves[~c]</c>. A tree without nodes is its single leaf.
/// </summary>
public sealed record TreeSpec(
    IReadOnlyList<int> Feature, IReadOnlyList<double> Threshold, IReadOnlyList<bool> MissingLeft,
    IReadOnlyList<int> Left, IReadOnlyList<int> Right, IReadOnlyList<double> Leaves);

/// <summary>Provenance of a model file.</summary>
public sealed record TrainingInfo(
    string Trainer,
    IReadOnlyDictionary<string, string> Parameters,
    int Seed,
    string EngineVersion,
    string Fingerprint,
    int TrainingRows)
{
    /// <summary>Set when the predictor was converted from another library's model (ML.NET's), with the check that both score alike.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ConversionCheck? Conversion { get; init; }

    /// <summary><c>external</c> when the build did not train the model but took it as it was (<c>PretrainedModel</c>); absent when the build trained it.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? TrainedBy { get; init; }

    /// <summary>Why an ML.NET model has no MLOps.Runtime form and is scored through ML.NET (predictor kind <c>mlnet</c>): the transform or predictor that has no conversion.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? NotConverted { get; init; }
}

/// <summary>
/// How a converted predictor was checked: the library whose model it was converted from, how many evaluation rows both
/// scored, the largest difference between their outputs and the tolerance it had to stay within.
/// </summary>
public sealed record ConversionCheck(string From, int Rows, double MaxDifference, double Tolerance);
