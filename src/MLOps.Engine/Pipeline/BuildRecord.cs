using System.Text.Json;
using MLOps.Engine.IO;
using MLOps.Engine.Packages;

namespace MLOps.Engine.Pipeline;

/// <summary>
/// The record a build keeps beside a model's outputs (<see cref="ModelOutputs.FingerprintPath"/>): the fingerprints of
/// the inputs the model and its evaluation were made from, and the SHA-256 of every output, by file name. Each step
/// writes its outputs first and this record last, so an output that does not hash to what the record says was not
/// written by a step that finished (an interrupted build, a hand edit, a file restored from another build's cache).
/// </summary>
public sealed record BuildRecord(string EngineVersion, IReadOnlyDictionary<string, string> Inputs, string Training, string? Evaluation,
    IReadOnlyDictionary<string, string> Outputs)
{
    /// <summary>Whether the model is an External trainer's predictions, kept in <see cref="ModelOutputs.PredictionsPath"/>, rather than a scorer.</summary>
    public bool PredictionsOnly { get; init; }

    /// <summary>
    /// The size and last write time (<see cref="FileStamp"/>) of each output when it was hashed, by file name: while
    /// both are unchanged, the recorded hash stands without reading the file again.
    /// </summary>
    public IReadOnlyDictionary<string, string> Stamps { get; init; } = new Dictionary<string, string>();

    /// <summary>As <see cref="Stamps"/>, for the inputs of <see cref="Inputs"/>, by the path the project names them by.</summary>
    public IReadOnlyDictionary<string, string> InputStamps { get; init; } = new Dictionary<string, string>();

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>The record beside <paramref name="outputs"/>, or null when there is none or it is unreadable (then every step runs).</summary>
    public static BuildRecord? Read(ModelOutputs outputs) => Read(outputs.FingerprintPath);

    /// <summary>The record at <paramref name="path"/> (a model's <c>ModelFingerprintPath</c>), or null when there is none or it is unreadable.</summary>
    public static BuildRecord? Read(string path)
    {
        try
        {
            var record = File.Exists(path) ? JsonSerializer.Deserialize<BuildRecord>(File.ReadAllBytes(path), Json) : null;
            return record is { Inputs: not null, Training: not null, Outputs: not null } ? record : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Records a new model: the evaluation and gate outputs beside it describe the old one, so they are no longer recorded.</summary>
    public static void Trained(ModelOutputs outputs, Fingerprint fingerprint, bool predictionsOnly)
    {
        var (hashes, stamps) = Merge(null, [], TrainingOutputs(outputs, predictionsOnly));
        new BuildRecord(fingerprint.EngineVersion, fingerprint.Files, fingerprint.Training, null, hashes)
        {
            PredictionsOnly = predictionsOnly,
            Stamps = stamps,
            InputStamps = fingerprint.Stamps,
        }.Write(outputs);
    }

    /// <summary>
    /// Records the evaluation of the recorded model (with the validation report when <paramref name="validated"/>);
    /// the gate outputs are no longer recorded, so the gate step runs again.
    /// </summary>
    public static void Evaluated(ModelOutputs outputs, Fingerprint fingerprint, bool predictionsOnly, bool validated, bool onnx = false)
    {
        // The model's hash is the one recorded when it was trained; without that record, the next build trains again.
        var recorded = Read(outputs) is { } r && r.Training == fingerprint.Training ? r : null;
        var model = TrainingOutputs(outputs, predictionsOnly).Select(p => Path.GetFileName(p)).ToArray();
        var (hashes, stamps) = Merge(recorded, model, EvaluationOutputs(outputs, validated, onnx, profile: !predictionsOnly));
        new BuildRecord(fingerprint.EngineVersion, fingerprint.Files, fingerprint.Training, fingerprint.Evaluation, hashes)
        {
            PredictionsOnly = predictionsOnly,
            Stamps = stamps,
            InputStamps = fingerprint.Stamps,
        }.Write(outputs);
    }

    /// <summary>Records the gate outputs (and the report they rewrote) beside what the model and evaluation steps recorded.</summary>
    public static void Gated(ModelOutputs outputs)
    {
        if (Read(outputs) is not { } recorded) return; // nothing built to gate: the next build runs every step
        var gateOutputs = GateOutputs(outputs).Select(p => Path.GetFileName(p)).ToHashSet(StringComparer.Ordinal);
        var (hashes, stamps) = Merge(recorded, recorded.Outputs.Keys.Where(name => !gateOutputs.Contains(name)), GateOutputs(outputs));
        (recorded with { Outputs = hashes, Stamps = stamps }).Write(outputs);
    }

    /// <summary>
    /// Whether this record holds the same model as <paramref name="earlier"/> (same training inputs, same model bytes), and
    /// if not, why it was trained again: for front ends that report what a build did.
    /// </summary>
    public (bool Same, string Reason) CompareModel(BuildRecord earlier, string modelFileName)
    {
        if (earlier.Training == Training && earlier.Outputs.GetValueOrDefault(modelFileName) is { } hash && hash == Outputs.GetValueOrDefault(modelFileName))
            return (true, "its inputs are unchanged");
        return (false, InputChange(earlier.EngineVersion, earlier.Inputs, earlier.Training, EngineVersion, Inputs, Training)
            ?? "its outputs were not the ones its build recorded");
    }

    /// <summary>What changed between two sets of training inputs, said for a person (files first); null when nothing did.</summary>
    public static string? InputChange(string engineBefore, IReadOnlyDictionary<string, string> inputsBefore, string trainingBefore,
        string engineNow, IReadOnlyDictionary<string, string> inputsNow, string trainingNow)
    {
        var changed = inputsNow.Where(f => inputsBefore.GetValueOrDefault(f.Key) != f.Value).Select(f => f.Key).ToArray();
        return changed.Length > 0 ? $"{string.Join(", ", changed)} changed"
            : engineBefore != engineNow ? $"the engine changed ({engineBefore} → {engineNow})"
            : trainingBefore != trainingNow ? "its settings or trainer parameters changed"
            : null;
    }

    /// <summary>The first of the model's outputs that is not as recorded, said for a person; null when every one is.</summary>
    public string? TrainingMismatch(ModelOutputs outputs) => Mismatch(TrainingOutputs(outputs, PredictionsOnly));

    /// <summary>As <see cref="TrainingMismatch"/>, for the evaluation's outputs.</summary>
    public string? EvaluationMismatch(ModelOutputs outputs) =>
        Mismatch(EvaluationOutputs(outputs, validated: Outputs.ContainsKey(Path.GetFileName(outputs.ValidationReportPath)),
            onnx: Outputs.ContainsKey(Path.GetFileName(outputs.OnnxPath)), profile: !PredictionsOnly));

    /// <summary>As <see cref="TrainingMismatch"/>, for the gate's outputs.</summary>
    public string? GateMismatch(ModelOutputs outputs) => Mismatch(GateOutputs(outputs));

    /// <summary>Each file that is missing, unrecorded or changed since it was recorded, and why.</summary>
    public IEnumerable<(string Path, string Why)> Mismatches(IEnumerable<string> paths)
    {
        foreach (var path in paths)
        {
            var name = Path.GetFileName(path);
            var recorded = Outputs.GetValueOrDefault(name);
            if (!File.Exists(path)) yield return (path, $"{name} is missing");
            else if (recorded is null) yield return (path, $"{name} is not in the build record (it was left by an earlier or unfinished build)");
            else if (Stamps.GetValueOrDefault(name) is { } stamp && stamp == FileStamp.Of(path)) continue; // as hashed: no need to read it
            else if (FileHash.Sha256Of(path) is var actual && actual != recorded)
                yield return (path, $"{name} is not the file the build recorded (SHA-256 {Short(actual)}, recorded {Short(recorded)}: changed by hand, left by an interrupted build, or restored from another build)");
        }
    }

    private string? Mismatch(IEnumerable<string> paths) => Mismatches(paths).Select(m => m.Why).FirstOrDefault();

    private static string Short(string hash) => hash.Length > 12 ? hash[..12] + "…" : hash;

    private static IEnumerable<string> TrainingOutputs(ModelOutputs outputs, bool predictionsOnly) =>
        predictionsOnly ? [outputs.ModelPath, outputs.PredictionsPath] : [outputs.ModelPath];

    /// <summary>
    /// The evaluation step's outputs; the ONNX export is one, as the step checks it against the evaluation's scores, and
    /// so is the reference profile of a model that scores (an External trainer's predictions have none).
    /// </summary>
    private static IEnumerable<string> EvaluationOutputs(ModelOutputs outputs, bool validated, bool onnx, bool profile) =>
        (validated ? new[] { outputs.MetricsPath, outputs.ReportPath, outputs.ValidationReportPath, Reports.ValidationReport.MarkdownPath(outputs.ValidationReportPath) }
            : [outputs.MetricsPath, outputs.ReportPath]).Concat(onnx ? [outputs.OnnxPath] : []).Concat(profile ? [outputs.ProfilePath] : []);

    private static IEnumerable<string> GateOutputs(ModelOutputs outputs) => [outputs.GateResultPath, outputs.HtmlReportPath, outputs.ReportPath];

    /// <summary>
    /// The hashes and stamps of the <paramref name="kept"/> outputs as <paramref name="recorded"/> has them, then the
    /// SHA-256 and stamp of each written file that exists (stamped before hashing: a write meanwhile shows as a change), in name order.
    /// </summary>
    private static (SortedDictionary<string, string> Hashes, SortedDictionary<string, string> Stamps) Merge(BuildRecord? recorded, IEnumerable<string> kept, IEnumerable<string> written)
    {
        var hashes = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var stamps = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in kept)
        {
            if (recorded?.Outputs.GetValueOrDefault(name) is not { } hash) continue;
            hashes[name] = hash;
            if (recorded.Stamps.GetValueOrDefault(name) is { } stamp) stamps[name] = stamp;
        }
        foreach (var path in written)
        {
            if (FileStamp.Of(path) is not { } stamp) continue;
            var name = Path.GetFileName(path);
            stamps[name] = stamp;
            hashes[name] = FileHash.Sha256Of(path);
        }
        return (hashes, stamps);
    }

    private void Write(ModelOutputs outputs) =>
        AtomicFile.WriteAllBytes(outputs.FingerprintPath, [.. JsonSerializer.SerializeToUtf8Bytes(this, Json), (byte)'\n']);
}
