using MLOps.Engine.Data;
using MLOps.Engine.Diagnostics;

namespace MLOps.Engine.Pipeline;

/// <summary>
/// One build of one model: the order of its steps (<see cref="Steps"/>), whether each runs and why, and what the
/// steps share. The inputs are fingerprinted once and compared with the last build's record once; small files that
/// more than one later pass reads stay in memory from the fingerprint's read until loaded (<see cref="HeldFiles"/>),
/// and the data a step loads stays for the next (validation's checked training rows for training, the evaluation rows
/// for the gate), so a build parses each data file for loading once. Front ends keep one pipeline per model for the
/// length of a build and run its steps in order (MSBuild: one target per step, so users can hook them).
/// </summary>
public sealed class ModelPipeline : IDisposable
{
    /// <summary>The steps of a build, in the order they run.</summary>
    public static IReadOnlyList<BuildStep> Steps { get; } = [BuildStep.Validate, BuildStep.Train, BuildStep.Evaluate, BuildStep.Gate];

    private readonly HeldFiles _held = new();
    private readonly BuildData _data;
    private readonly Lazy<(Fingerprint Fingerprint, UpToDateCheck Check)> _state;

    public ModelPipeline(ModelSpec spec)
    {
        Spec = spec;
        _data = new BuildData(_held);
        _state = new(() => ModelBuild.CheckUpToDate(spec, _held));
    }

    public ModelSpec Spec { get; }

    /// <summary>The content fingerprint of the inputs, computed when first asked for.</summary>
    public Fingerprint Fingerprint => _state.Value.Fingerprint;

    /// <summary>What the last build's record says is current, as it was when this build began.</summary>
    public UpToDateCheck Check => _state.Value.Check;

    /// <summary>
    /// Whether <paramref name="step"/> runs in this build, and the line that says why when a user wants to know:
    /// validation and evaluation are skipped when the evaluation is current, training when the model is; the gate
    /// always runs (it reports the recorded verdict again when nothing it depends on changed).
    /// </summary>
    public (bool Runs, string? Why) Decide(BuildStep step) => step switch
    {
        BuildStep.Validate or BuildStep.Evaluate => (!Check.EvaluationUpToDate, null),
        BuildStep.Train when Check.TrainingUpToDate =>
            (false, $"{Spec.Name}: model is up to date ({Check.Reason}; fingerprint {Fingerprint.Training[..12]}): {Spec.Outputs.ModelPath}"),
        BuildStep.Train => (true, $"{Spec.Name}: training, because {Check.Reason}."),
        _ => (true, null),
    };

    /// <summary>
    /// Runs <paramref name="step"/> when <see cref="Decide"/> says so and records what it reported beside the outputs;
    /// null when it was skipped. Lines for the log (the decision, an External trainer's output) go to
    /// <paramref name="progress"/> as they come; <paramref name="cancel"/> stops a long step before it writes anything.
    /// </summary>
    public StepResult? Run(BuildStep step, Action<string> progress, CancellationToken cancel = default)
    {
        var (runs, why) = Decide(step);
        // Training says why it trains only once it knows the model cache has no such model.
        if (why is not null && !(runs && step == BuildStep.Train)) progress(why);
        if (step == BuildStep.Train && !runs) ForgetTraining(trained: false);
        if (!runs)
        {
            BuildDiagnostics.Skipped(Spec.Outputs.DiagnosticsPath, step);
            return null;
        }
        // When a model is trained next, validation parks the evaluation rows until evaluation: nothing reads them while
        // the training rows, the build's largest data, are in memory.
        if (step == BuildStep.Validate) _data.ParkEvaluation = Decide(BuildStep.Train).Runs;
        var result = step switch
        {
            BuildStep.Validate => ModelBuild.Validate(Spec, cancel, _data),
            BuildStep.Train => TrainOrRestore(why!, progress, cancel),
            BuildStep.Evaluate => ModelBuild.Evaluate(Spec, Fingerprint, _data),
            _ => ModelBuild.Gate(Spec, Fingerprint, cancel, _data),
        };
        if (step == BuildStep.Train) ForgetTraining(trained: true);
        if (step == Steps[^1]) Dispose(); // nothing after the last step reads the data
        BuildDiagnostics.Record(Spec.Outputs.DiagnosticsPath, Spec.Name, step, result.Diagnostics, Spec.ProjectFile);
        return result;
    }

    /// <summary>
    /// Restores the model from <c>ModelCacheSource</c> when a package there was trained from these inputs; else trains.
    /// A cache that cannot be read is a warning and the model is trained (both reported as one step).
    /// </summary>
    private StepResult TrainOrRestore(string why, Action<string> progress, CancellationToken cancel)
    {
        var cached = Spec.Cache is { } cache ? RemoteCache.TryRestoreAsync(Spec, Fingerprint, cache, cancel).GetAwaiter().GetResult() : null;
        if (cached is not null && (!cached.Succeeded || cached.Messages.Count > 0)) return cached; // restored, or a setting to fix
        progress(why);
        var trained = ModelBuild.Train(Spec, Fingerprint, progress, cancel, _data);
        return cached is null ? trained : new StepResult([.. cached.Diagnostics, .. trained.Diagnostics], [.. cached.Messages, .. trained.Messages]);
    }

    /// <summary>
    /// After training nothing needs the checked training rows, and with evaluation files of its own nothing reads
    /// the training table either (without them, evaluation scores its held-out rows; training itself forgets them
    /// when it runs, see <see cref="ModelBuild.Train"/>). Its columns are large arrays, which only a full collection
    /// frees: one now lets evaluation reuse their memory instead of adding to the build's peak.
    /// </summary>
    private void ForgetTraining(bool trained)
    {
        _data.Training = null;
        if (Spec.EvaluationData.Count > 0 && (_data.Forget(Spec.TrainingData) || trained))
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
    }

    /// <summary>Lets go of the data the steps shared; a step run after this reads the files from disk again.</summary>
    public void Dispose()
    {
        _data.Clear();
        _held.Dispose();
    }
}
