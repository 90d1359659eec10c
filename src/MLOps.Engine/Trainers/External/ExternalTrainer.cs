using MLOps.Engine.Learners;
using MLOps.Engine.Vocabulary;
using MLOps.Runtime;

namespace MLOps.Engine.Trainers;

/// <summary><c>Trainer=External</c>: runs <c>TrainerCommand</c> (<see cref="ExternalTraining"/>); takes any parameters and passes them on.</summary>
public sealed class ExternalTrainer : ITrainer
{
    public const string TrainerName = "External";

    public string Name => TrainerName;
    public string Summary => "Runs TrainerCommand with a JSON request; the program writes a model in the MLOps format, or predictions for the evaluation rows.";
    public IReadOnlyList<ModelTask> Tasks { get; } = ModelTasks.All;
    public IReadOnlyList<ParameterDefinition>? Parameters => null;

    public TrainedModel? Train(TrainingRequest request)
    {
        var document = ExternalTraining.Run(request, Name);
        if (document is null) return null;
        return new TrainedModel(document, elapsed => document.Predictor.Kind == PredictorKinds.Predictions
            ? $"{request.ModelName}: TrainerCommand wrote predictions for the evaluation rows, not a model, in {elapsed.TotalSeconds:0.00} s"
            : $"{request.ModelName}: trained by TrainerCommand in {elapsed.TotalSeconds:0.00} s");
    }
}
