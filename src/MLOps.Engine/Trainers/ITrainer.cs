using MLOps.Engine.Learners;
using MLOps.Engine.Vocabulary;

namespace MLOps.Engine.Trainers;

/// <summary>
/// A trainer a project names in <c>Trainer</c>: the tasks it trains, the parameters it accepts (checked before
/// training, listed in docs/trainers.md) and how it trains. Built-in trainers live in one folder each under Trainers/;
/// trainers from other assemblies register themselves (<see cref="TrainerRegistry"/>).
/// </summary>
public interface ITrainer
{
    /// <summary>The name a project writes in <c>Trainer</c>.</summary>
    string Name { get; }

    /// <summary>One line for docs and help: what it fits.</summary>
    string Summary { get; }

    /// <summary>The tasks it trains.</summary>
    IReadOnlyList<ModelTask> Tasks { get; }

    /// <summary>The <c>TrainerParameter</c> items it accepts, with defaults and valid ranges; null when it takes any and passes them on.</summary>
    IReadOnlyList<ParameterDefinition>? Parameters { get; }

    /// <summary>
    /// Trains a model of <see cref="TrainingRequest.Task"/> on the request's rows; null when it cannot, with coded errors in
    /// <see cref="TrainingRequest.Diagnostics"/>. Stops with an <see cref="OperationCanceledException"/> when the request's
    /// cancellation token fires, writing nothing.
    /// </summary>
    TrainedModel? Train(TrainingRequest request);
}

/// <summary>What a trainer made: the model document to write, and how the build reports it given the time it took (the build adds where it wrote it).</summary>
public sealed record TrainedModel(MLOps.Runtime.ModelDocument Document, Func<TimeSpan, string> Describe)
{
    /// <summary>
    /// For a model the runtime cannot score (an ML.NET model scored through ML.NET): its outputs on the evaluation rows,
    /// row-major as the runtime's, which the build keeps and evaluates and gates instead of scoring.
    /// </summary>
    public double[]? Predictions { get; init; }
}
