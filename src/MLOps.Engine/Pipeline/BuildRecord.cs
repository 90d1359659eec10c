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

    /// <summary>Whether the model is an ML.NET .zip scored through ML.NET (<see cref="ModelOutputs.MLNetModelPath"/>, with its evaluation predictions).</summary>
    public bool ScoredByMLNet { get; init; }

    /// <summary>
    /// The size and last write time (<see cref="FileStamp"/>) of each output when it was hashed, by file name: while
    /// both are unchanged, the recorded hash stands without reading the file again.
    /// </summary>
    public IReadOnlyDictionary<string, string> Stamps { get; init; } = new Dictionary<string, string>();

    /// <summary>As <see cref="Stamps"/>, for the inputs of <see cref="Inputs"/>, by the path the project names them by.</summary>
    public IReadOnlyDictionary<string, string> InputStamps { get; init; } = new Dictionary<string, string>();

    /// <summary>The training settings (<see cref="Fingerprint.Settings"/>); null in a record from before they were kept (then a change is "settings changed").</summary>
    public IReadOnlyDictionary<string, string>? Settings { get; init; }

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

    /// <summary>Why there is no record beside <paramref name="outputs"/> to go by (<see cref="Read(ModelOutputs)"/> gave null), said for a person.</summary>
    public static string WhyNone(ModelOutputs outputs) => File.Exists(outputs.FingerprintPath)
        ? $"its build record {Path.GetFileName(outputs.FingerprintPath)} is unreadable or from an older MLOps.Build"
        : "it has not been built yet";

    /// <summary>Records a new model: the evaluation and gate outputs beside it describe the old one, so they are no longer recorded.</summary>
    public static void Trained(ModelOutputs outputs, Fingerprint fingerprint, bool predictionsOnly, bool mlnet = false)
    {
        var (hashes, stamps) = Merge(null, [], TrainingOutputs(outputs, predictionsOnly, mlnet));
        new BuildRecord(fingerprint.EngineVersion, fingerprint.Files, fingerprint.Training, null, hashes)
        {
            PredictionsOnly = predictionsOnly,
            ScoredByMLNet = mlnet,
            Stamps = stamps,
            InputStamps = fingerprint.Stamps,
            Settings = fingerprint.Settings,
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
        var mlnet = recorded?.ScoredByMLNet == true;
        var model = TrainingOutputs(outputs, predictionsOnly, mlnet).Select(p => Path.GetFileName(p)).ToArray();
        var (hashes, stamps) = Merge(recorded, model, EvaluationOutputs(outputs, validated, onnx, profile: !predictionsOnly));
        new BuildRecord(fingerprint.EngineVersion, fingerprint.Files, fingerprint.Training, fingerprint.Evaluation, hashes)
        {
            PredictionsOnly = predictionsOnly,
            ScoredByMLNet = mlnet,
            Stamps = stamps,
            InputStamps = fingerprint.Stamps,
            Settings = fingerprint.Settings,
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
        return (false, earlier.InputChange(EngineVersion, Inputs, Training, Settings) ?? "its outputs were not the ones its build recorded");
    }

    /// <summary>What changed since this record in the inputs given, said for a person in one line; null when nothing did.</summary>
    public string? InputChange(string engineNow, IReadOnlyDictionary<string, string> inputsNow, string trainingNow, IReadOnlyDictionary<string, string>? settingsNow) =>
        InputChanges(engineNow, inputsNow, trainingNow, settingsNow) is { Count: > 0 } changes ? string.Join("; ", changes) : null;

    /// <summary>
    /// Each change since this record, said for a person: files (with their SHA-256), then the engine, then each setting
    /// with its old and new value (<c>TrainerParameter L2 changed (1 → 10)</c>), or "settings changed" when the record
    /// is from before settings were kept. Empty when nothing changed.
    /// </summary>
    public IReadOnlyList<string> InputChanges(string engineNow, IReadOnlyDictionary<string, string> inputsNow, string trainingNow, IReadOnlyDictionary<string, string>? settingsNow)
    {
        var changes = new List<string>();
        foreach (var (file, now) in inputsNow)
        {
            if (Inputs.GetValueOrDefault(file) is not { } before) changes.Add($"{file} is a new input");
            else if (now == "missing" && before != now) changes.Add($"{file} is missing");
            else if (before != now) changes.Add($"{file} changed (SHA-256 {Short(before)} → {Short(now)})");
        }
        changes.AddRange(Inputs.Keys.Where(f => !inputsNow.ContainsKey(f)).Select(f => $"{f} is no longer an input"));
        if (EngineVersion != engineNow) changes.Add($"the engine changed ({EngineVersion} → {engineNow})");
        if (Training == trainingNow) return changes;
        if (Settings is not null && settingsNow is not null)
        {
            static string Shown(string? value) => value is null ? "not set" : value.Length == 0 ? "empty" : value;
            changes.AddRange(Settings.Keys.Union(settingsNow.Keys).Order(StringComparer.Ordinal)
                .Where(name => Settings.GetValueOrDefault(name) != settingsNow.GetValueOrDefault(name))
                .Select(name => $"{name} changed ({Shown(Settings.GetValueOrDefault(name))} → {Shown(settingsNow.GetValueOrDefault(name))})"));
        }
        if (changes.Count == 0) changes.Add("its settings or trainer parameters changed");
        return changes;
    }

    /// <summary>The first of the model's outputs that is not as recorded, said for a person; null when every one is.</summary>
    public string? TrainingMismatch(ModelOutputs outputs) => Mismatch(TrainingOutputs(outputs, PredictionsOnly, ScoredByMLNet));

    /// <summary>As <see cref="TrainingMismatch"/>, for the evaluation's outputs.</summary>
    public string? EvaluationMismatch(ModelOutputs outputs) => Mismatch(RecordedEvaluationOutputs(outputs));

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

    /// <summary>
    /// Why each output the last build recorded (the model, and the evaluation and gate outputs once those steps ran) is
    /// missing or not the recorded file, said for a person; empty when all are as recorded.
    /// </summary>
    public IEnumerable<string> OutputMismatches(ModelOutputs outputs)
    {
        var paths = TrainingOutputs(outputs, PredictionsOnly, ScoredByMLNet);
        if (Evaluation is not null)
            paths = paths.Concat(RecordedEvaluationOutputs(outputs));
        if (Outputs.ContainsKey(Path.GetFileName(outputs.GateResultPath))) paths = paths.Concat(GateOutputs(outputs));
        return Mismatches(paths.Distinct(StringComparer.Ordinal)).Select(m => m.Why);
    }

    /// <summary>The evaluation outputs this record's build wrote: the validation report and ONNX export only when it recorded them; the reference profile when the model scores.</summary>
    private IEnumerable<string> RecordedEvaluationOutputs(ModelOutputs outputs) =>
        EvaluationOutputs(outputs, validated: Outputs.ContainsKey(Path.GetFileName(outputs.ValidationReportPath)),
            onnx: Outputs.ContainsKey(Path.GetFileName(outputs.OnnxPath)), profile: !PredictionsOnly);

    private string? Mismatch(IEnumerable<string> paths) => Mismatches(paths).Select(m => m.Why).FirstOrDefault();

    private static string Short(string hash) => hash.Length > 12 ? hash[..12] + "…" : hash;

    private static IEnumerable<string> TrainingOutputs(ModelOutputs outputs, bool predictionsOnly, bool mlnet) =>
        mlnet ? [outputs.ModelPath, outputs.PredictionsPath, outputs.MLNetModelPath] : predictionsOnly ? [outputs.ModelPath, outputs.PredictionsPath] : [outputs.ModelPath];

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
