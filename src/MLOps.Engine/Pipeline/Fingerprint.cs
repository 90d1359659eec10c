using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MLOps.Engine.Data;
using MLOps.Engine.IO;
using MLOps.Runtime;

namespace MLOps.Engine.Pipeline;

/// <summary>
/// Content fingerprints of a model's inputs. <see cref="Training"/> covers what the model file depends on (training
/// data bytes, settings, parameters, seed, engine and format versions); <see cref="Evaluation"/> adds the evaluation
/// data. Timestamps play no part: a touched file is the same file, a one-byte change is a new one.
/// </summary>
public sealed record Fingerprint(string EngineVersion, string Training, string Evaluation, IReadOnlyDictionary<string, string> Files)
{
    /// <summary>Whether the model is an External trainer's predictions, kept in <see cref="ModelOutputs.PredictionsPath"/>, rather than a scorer.</summary>
    public bool PredictionsOnly { get; init; }

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>Hashes every input of <paramref name="spec"/>. A missing file hashes as "missing" (validation reports it).</summary>
    public static Fingerprint Compute(ModelSpec spec)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        string HashOf(DataFile file) => files[file.DisplayPath] = HashFile(file.FullPath);

        var training = new StringBuilder()
            .Append("engine=").AppendLine(EngineInfo.Version)
            .Append("model-format=").AppendLine(ModelFormat.CurrentVersion.ToString())
            .Append("task=").AppendLine(spec.Task)
            .Append("label=").AppendLine(spec.LabelColumn)
            .Append("trainer=").AppendLine(spec.Trainer)
            .Append("seed=").AppendLine(spec.Seed)
            .Append("held-out=").AppendLine(spec.EvaluationData.Count == 0 ? "yes" : "no");
        // Parameters that only change speed (Threads) change nothing in the model, so they do not retrain it.
        foreach (var (name, value) in spec.TrainerParameters.Where(p => !Learners.Trainers.SpeedOnly.Contains(p.Key)).OrderBy(p => p.Key, StringComparer.Ordinal))
            training.Append("parameter:").Append(name).Append('=').AppendLine(value);
        if (spec.TrainerCommand is { } command)
        {
            training.Append("trainer-command=").AppendLine(command);
            // The external trainer's own files (a script, say) are inputs too: changing the code retrains.
            var projectDirectory = Path.GetDirectoryName(Path.GetFullPath(spec.ProjectFile)) ?? ".";
            foreach (var token in command.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(t => t.Trim('"', '\'')).Where(t => !t.StartsWith('-')))
                if (DataFile.Resolve(projectDirectory, token) is var file && File.Exists(file.FullPath))
                    training.Append("trainer-file:").AppendLine(HashOf(file));
        }
        if (spec.Trainer == Learners.Trainers.External)
            foreach (var file in spec.EvaluationData)
                training.Append("evaluation-data:").AppendLine(HashOf(file)); // an External trainer gets it, and may write predictions for it
        foreach (var column in spec.ExcludeColumns.Order(StringComparer.Ordinal))
            training.Append("exclude:").AppendLine(column);
        foreach (var file in spec.TrainingData)
            training.Append("training-data:").AppendLine(HashOf(file));
        if (spec.DataSchema is { } contract)
            training.Append("data-contract:").AppendLine(HashOf(contract)); // it sets column types
        var trainingHash = Sha256(training.ToString());

        var evaluation = new StringBuilder().Append("training=").AppendLine(trainingHash);
        foreach (var file in spec.EvaluationData)
            evaluation.Append("evaluation-data:").AppendLine(HashOf(file));
        foreach (var file in spec.ReferenceData)
            evaluation.Append("reference-data:").AppendLine(HashOf(file));
        return new Fingerprint(EngineInfo.Version, trainingHash, Sha256(evaluation.ToString()), files);
    }

    /// <summary>Compares with the fingerprint recorded by the last successful build and says what is stale and why.</summary>
    public UpToDateCheck CompareWithRecorded(ModelOutputs outputs)
    {
        var recorded = TryRead(outputs.FingerprintPath);
        if (recorded is null) return new UpToDateCheck(false, false, "it has not been built yet");
        var trainingCurrent = recorded.Training == Training && File.Exists(outputs.ModelPath) && (!recorded.PredictionsOnly || File.Exists(outputs.PredictionsPath));
        var evaluationCurrent = trainingCurrent && recorded.Evaluation == Evaluation && File.Exists(outputs.MetricsPath) && File.Exists(outputs.ReportPath);
        if (evaluationCurrent) return new UpToDateCheck(true, true, "its inputs are unchanged");
        return new UpToDateCheck(trainingCurrent, false, ChangeSince(recorded));
    }

    /// <summary>Why a model built with <paramref name="recorded"/> is rebuilt with this fingerprint: what changed, or that an output is missing.</summary>
    public string ChangeSince(Fingerprint recorded)
    {
        var changed = Files.Where(f => recorded.Files.GetValueOrDefault(f.Key) != f.Value).Select(f => f.Key).ToArray();
        return changed.Length > 0 ? $"{string.Join(", ", changed)} changed"
            : recorded.EngineVersion != EngineVersion ? $"the engine changed ({recorded.EngineVersion} → {EngineVersion})"
            : recorded.Training != Training ? "its settings or trainer parameters changed"
            : "an output is missing";
    }

    /// <summary>Records this fingerprint as that of the outputs now on disk.</summary>
    public void Record(string path) => AtomicFile.WriteAllBytes(path, [.. JsonSerializer.SerializeToUtf8Bytes(this, Json), (byte)'\n']);

    /// <summary>The fingerprint recorded at <paramref name="path"/>, or null when there is none or it is unreadable.</summary>
    public static Fingerprint? TryRead(string path)
    {
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize<Fingerprint>(File.ReadAllBytes(path), Json) : null;
        }
        catch (JsonException)
        {
            return null; // unreadable: rebuild
        }
    }

    private static string HashFile(string path)
    {
        if (!File.Exists(path)) return "missing";
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return Convert.ToHexString(SHA256.HashData(stream)).ToLowerInvariant();
    }

    private static string Sha256(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text))).ToLowerInvariant();
}

/// <summary>Whether the model file and the evaluation outputs are current, and if not, why.</summary>
public sealed record UpToDateCheck(bool TrainingUpToDate, bool EvaluationUpToDate, string Reason);
