using System.Globalization;
using MLOps.Engine.Diagnostics;
using MLOps.Engine.Gates;
using MLOps.Engine.Learners;
using MLOps.Engine.Trainers;
using MLOps.Engine.Vocabulary;

namespace MLOps.Engine.Pipeline;

/// <summary>
/// A model project's options, parsed and checked once: every problem is a coded error naming the project file.
/// Defaults come from <see cref="ModelDefaults"/> (through <see cref="ModelSpec"/>).
/// </summary>
internal sealed record Settings(ModelTask Task, ITrainer Trainer, int Seed, TrainerParameters Parameters)
{
    /// <summary><c>TrainerTimeout</c>: how long an External trainer may run; null for no limit.</summary>
    public TimeSpan? TrainerTimeout { get; init; }

    /// <summary><c>ModelGateCorrection</c> and <c>ModelGateResamples</c>, with the seed of the bootstrap.</summary>
    public required GateSettings Gates { get; init; }

    public static Settings? Check(ModelSpec spec, DiagnosticBag diagnostics)
    {
        var file = spec.ProjectFile;
        var trainer = TrainerRegistry.Find(spec.Trainer);
        if (!ModelTasks.TryParse(spec.Task, out var task))
            diagnostics.Error(DiagnosticCodes.UnknownModelTask, $"ModelTask '{spec.Task}' is not a task. Use one of: {string.Join(", ", ModelTasks.All.Select(t => t.Name()))}.", file);
        else if (trainer is null)
            diagnostics.Error(DiagnosticCodes.UnknownTrainer, $"Trainer '{spec.Trainer}' is not a trainer. Use one of: {string.Join(", ", TrainerRegistry.All.Select(t => t.Name))}.", file);
        else if (!trainer.Tasks.Contains(task) && TrainerRegistry.For(task).Select(t => t.Name).ToArray() is var trainers)
            diagnostics.Error(DiagnosticCodes.TrainerNotSupportedForTask,
                $"Trainer '{spec.Trainer}' does not train {spec.Task} models; use {string.Join(", ", trainers.SkipLast(1))} or {trainers[^1]}.", file);
        if (!int.TryParse(spec.Seed, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed))
            diagnostics.Error(DiagnosticCodes.InvalidSeed, $"Seed '{spec.Seed}' is not a whole number between -2147483648 and 2147483647.", file);
        if (string.IsNullOrWhiteSpace(spec.LabelColumn))
            diagnostics.Error(DiagnosticCodes.LabelColumnNotSet, "LabelColumn is not set. Set it to the name of the column the model predicts, e.g. <LabelColumn>churned</LabelColumn>.", file);
        if (spec.TrainingData.Count == 0)
            diagnostics.Error(DiagnosticCodes.DataFileNotFound, "The project has no TrainingData item. Add one, e.g. <TrainingData Include=\"data/train.csv\" />.", file);
        if (trainer is ExternalTrainer && string.IsNullOrWhiteSpace(spec.TrainerCommand))
            diagnostics.Error(DiagnosticCodes.TrainerCommandNotSet, "Trainer External runs the program in TrainerCommand, which is not set, e.g. <TrainerCommand>python3 train.py</TrainerCommand> (docs/trainers.md).", file);
        if (!Corrections.All.Contains(spec.GateCorrection))
            diagnostics.Error(DiagnosticCodes.InvalidGate, $"ModelGateCorrection '{spec.GateCorrection}' is not one of: {string.Join(", ", Corrections.All)}.", file);
        if (!int.TryParse(spec.GateResamples, NumberStyles.Integer, CultureInfo.InvariantCulture, out var resamples) || resamples is < ModelDefaults.MinGateResamples or > ModelDefaults.MaxGateResamples)
            diagnostics.Error(DiagnosticCodes.InvalidGate, $"ModelGateResamples '{spec.GateResamples}' must be a whole number from {ModelDefaults.MinGateResamples} to {ModelDefaults.MaxGateResamples}.", file);
        var timeout = ParseTimeout(spec.TrainerTimeout, file, diagnostics);
        var parameters = trainer?.Parameters is { } definitions
            ? TrainerParameters.Parse(spec.Trainer, definitions, spec.TrainerParameters, file, diagnostics)
            : TrainerParameters.Parse(spec.Trainer, [], [], file, diagnostics); // External: passed on as written
        return diagnostics.HasErrors || parameters is null ? null
            : new Settings(task, trainer!, seed, parameters) { TrainerTimeout = timeout, Gates = new GateSettings(spec.GateCorrection, resamples, seed) };
    }

    /// <summary>
    /// A positive TimeSpan written as [d.]hh:mm[:ss[.fff]]; the colon is required, since TimeSpan reads a bare "30" as 30 days.
    /// </summary>
    private static TimeSpan? ParseTimeout(string? written, string file, DiagnosticBag diagnostics)
    {
        if (string.IsNullOrWhiteSpace(written)) return null;
        if (written.Contains(':') && TimeSpan.TryParse(written.Trim(), CultureInfo.InvariantCulture, out var timeout) && timeout > TimeSpan.Zero) return timeout;
        diagnostics.Error(DiagnosticCodes.InvalidTrainerTimeout,
            $"TrainerTimeout '{written}' is not a positive time span. Write hours, minutes and seconds, e.g. <TrainerTimeout>00:30:00</TrainerTimeout> for 30 minutes, or leave it empty for no limit.", file);
        return null;
    }
}
