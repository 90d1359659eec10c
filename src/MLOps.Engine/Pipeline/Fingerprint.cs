using System.Security.Cryptography;
using System.Text;
using MLOps.Engine.Data;
using MLOps.Engine.Trainers;
using MLOps.Engine.Vocabulary;
using MLOps.Runtime;
using MLOps.Engine.IO;

namespace MLOps.Engine.Pipeline;

/// <summary>
/// Content fingerprints of a model's inputs. <see cref="Training"/> covers what the model file depends on (training
/// data bytes, settings, parameters, seed, engine and format versions); <see cref="Evaluation"/> adds the evaluation
/// data. Timestamps play no part: a touched file is the same file, a one-byte change is a new one.
/// </summary>
public sealed record Fingerprint(string EngineVersion, string Training, string Evaluation, IReadOnlyDictionary<string, string> Files)
{
    /// <summary>Each input's <see cref="FileStamp"/> when it was hashed, by the path the project names it by.</summary>
    public IReadOnlyDictionary<string, string> Stamps { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// The settings <see cref="Training"/> covers besides files, by the name a project writes them with (<c>Trainer</c>,
    /// <c>Seed</c>, <c>TrainerParameter L2</c>, …): recorded, so a later build or <c>mlops status</c> can say which one changed.
    /// </summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Hashes every input of <paramref name="spec"/>. A missing file hashes as "missing" (validation reports it). With
    /// <paramref name="held"/>, the files read stay in memory for the build's later passes. A file whose size and last
    /// write time are those <paramref name="previous"/> (the last build's record) stamped keeps the hash recorded there.
    /// </summary>
    public static Fingerprint Compute(ModelSpec spec, HeldFiles? held = null, BuildRecord? previous = null)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var stamps = new SortedDictionary<string, string>(StringComparer.Ordinal);
        // keep: false for a file only loaded after this (evaluation data without a contract to check it against): held,
        // it would take its size in memory until loaded to save one read.
        // inferTypes: the hash's read also counts what type inference needs, so inference does not read the file again.
        string HashOf(DataFile file, bool keep = true, bool inferTypes = false)
        {
            var stamp = FileStamp.Of(file.FullPath);
            if (stamp is null) return files[file.DisplayPath] = "missing";
            stamps[file.DisplayPath] = stamp;
            if (keep) held?.Hold(file.FullPath); // read at most once, by whichever pass comes first
            return files[file.DisplayPath] =
                previous?.InputStamps.GetValueOrDefault(file.DisplayPath) == stamp && previous.Inputs.GetValueOrDefault(file.DisplayPath) is { } recorded
                    ? recorded
                    : held?.Sha256Of(file.FullPath, keep, inferTypes) ?? FileHash.Sha256Of(file.FullPath);
        }

        var training = new StringBuilder();
        var settings = new SortedDictionary<string, string>(StringComparer.Ordinal);
        // Each setting goes into the hash as it always has, and into Settings by the name the project writes it with.
        void Setting(string key, string name, string value)
        {
            training.Append(key).AppendLine(value);
            settings[name] = value;
        }
        training.Append("engine=").AppendLine(EngineInfo.Version);
        Setting("model-format=", "ModelFormat", ModelFormat.CurrentVersion.ToString());
        Setting("task=", "ModelTask", spec.Task);
        Setting("label=", "LabelColumn", spec.LabelColumn);
        Setting("trainer=", "Trainer", spec.Trainer);
        Setting("seed=", "Seed", spec.Seed);
        Setting("held-out=", "HeldOutEvaluation", spec.EvaluationData.Count == 0 ? "yes" : "no");
        // Parameters that only change speed (Threads) change nothing in the model, so they do not retrain it.
        var onlySpeed = TrainerRegistry.All.SelectMany(t => t.Parameters ?? []).Where(p => p.OnlySpeed).Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var (name, value) in spec.TrainerParameters.Where(p => !onlySpeed.Contains(p.Key)).OrderBy(p => p.Key, StringComparer.Ordinal))
            Setting($"parameter:{name}=", $"TrainerParameter {name}", value);
        if (spec.TrainerCommand is { } command)
        {
            Setting("trainer-command=", "TrainerCommand", command);
            // The external trainer's own files (a script, say) are inputs too: changing the code retrains.
            var projectDirectory = Path.GetDirectoryName(Path.GetFullPath(spec.ProjectFile)) ?? ".";
            foreach (var token in command.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(t => t.Trim('"', '\'')).Where(t => !t.StartsWith('-')))
                if (DataFile.Resolve(projectDirectory, token) is var file && File.Exists(file.FullPath))
                    training.Append("trainer-file:").AppendLine(HashOf(file));
        }
        if (TrainerRegistry.Find(spec.Trainer) is ExternalTrainer)
            foreach (var file in spec.EvaluationData)
                training.Append("evaluation-data:").AppendLine(HashOf(file)); // an External trainer gets it, and may write predictions for it
        foreach (var column in spec.ExcludeColumns.Order(StringComparer.Ordinal))
            training.Append("exclude:").AppendLine(column);
        if (spec.ExcludeColumns.Count > 0) settings["ExcludeColumn"] = string.Join(';', spec.ExcludeColumns.Order(StringComparer.Ordinal));
        foreach (var file in spec.TrainingData)
            training.Append("training-data:").AppendLine(HashOf(file, inferTypes: spec.DataSchema is null)); // a contract may declare every type
        if (spec.PretrainedModel is { } pretrained)
            training.Append("pretrained-model:").AppendLine(HashOf(pretrained)); // it is the model
        if (spec.DataSchema is { } contract)
            training.Append("data-contract:").AppendLine(HashOf(contract)); // it sets column types
        var trainingHash = Sha256(training.ToString());

        var evaluation = new StringBuilder().Append("training=").AppendLine(trainingHash);
        foreach (var file in spec.EvaluationData)
            evaluation.Append("evaluation-data:").AppendLine(HashOf(file, keep: spec.DataSchema is not null));
        foreach (var file in spec.ReferenceData)
            evaluation.Append("reference-data:").AppendLine(HashOf(file));
        if (spec.ExportsOnnx != false)
            evaluation.Append("export-onnx=").AppendLine(spec.ExportOnnx); // the evaluation step writes and checks it
        return new Fingerprint(EngineInfo.Version, trainingHash, Sha256(evaluation.ToString()), files) { Stamps = stamps, Settings = settings };
    }

    /// <summary>
    /// Compares with the record of the last build and says what is stale and why: a step is current when its inputs are
    /// the recorded ones and each of its outputs on disk hashes to what the record says.
    /// </summary>
    public UpToDateCheck CompareWithRecorded(ModelOutputs outputs)
    {
        var recorded = BuildRecord.Read(outputs);
        if (recorded is null)
            return new UpToDateCheck(false, false, BuildRecord.WhyNone(outputs));
        var modelMismatch = recorded.TrainingMismatch(outputs);
        var trainingCurrent = recorded.Training == Training && modelMismatch is null;
        var evaluationMismatch = trainingCurrent && recorded.Evaluation == Evaluation ? recorded.EvaluationMismatch(outputs) : null;
        var evaluationCurrent = trainingCurrent && recorded.Evaluation == Evaluation && evaluationMismatch is null;
        if (evaluationCurrent) return new UpToDateCheck(true, true, "its inputs are unchanged and its outputs are as recorded");
        var reason = recorded.InputChange(EngineVersion, Files, Training, Settings)
            ?? modelMismatch ?? evaluationMismatch
            ?? (recorded.Evaluation is null ? "the last build stopped before evaluating it" : "its evaluation inputs changed");
        return new UpToDateCheck(trainingCurrent, false, reason);
    }

    private static string Sha256(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text))).ToLowerInvariant();
}

/// <summary>Whether the model file and the evaluation outputs are current, and if not, why.</summary>
public sealed record UpToDateCheck(bool TrainingUpToDate, bool EvaluationUpToDate, string Reason);
