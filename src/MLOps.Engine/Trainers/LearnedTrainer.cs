using MLOps.Engine.Diagnostics;
using MLOps.Engine.Learners;
using MLOps.Engine.Vocabulary;
using MLOps.Runtime;

namespace MLOps.Engine.Trainers;

/// <summary>
/// What the built-in trainers share: choose the inputs, describe the untrained model, turn labels into numbers, fit
/// (each trainer's own <see cref="Fit"/>), and warn when the fit ignores every input.
/// </summary>
public abstract class LearnedTrainer : ITrainer
{
    public abstract string Name { get; }
    public abstract string Summary { get; }
    public abstract IReadOnlyList<ModelTask> Tasks { get; }
    public abstract IReadOnlyList<ParameterDefinition> Parameters { get; }
    IReadOnlyList<ParameterDefinition>? ITrainer.Parameters => Parameters;

    /// <summary>Trees split raw numbers and category indices; linear models need one-hot, standardized inputs.</summary>
    protected abstract bool RawInputs { get; }

    /// <summary>Fits the predictor of <paramref name="model"/> (untrained) to labels <paramref name="y"/> (targets, or class indices); a detail for the message.</summary>
    protected abstract (PredictorSpec Predictor, string Detail) Fit(Model model, double[] y, TrainingRequest request);

    public TrainedModel? Train(TrainingRequest request)
    {
        request.Cancel.ThrowIfCancellationRequested();
        if (UntrainedModel.For(request, Name, RawInputs) is not (var untrained, var y)) return null;
        var model = new Model(untrained);
        var rowCount = request.Rows.RowCount; // before fitting: a trainer may take the rows
        var (predictor, detail) = Fit(model, y, request);
        request.Cancel.ThrowIfCancellationRequested(); // the last chance: from here the model and its record are written together

        if (ConstantModel.Explain(Name, predictor, request.Parameters, rowCount) is { } constant)
            request.Diagnostics.Warning(DiagnosticCodes.ConstantModel, constant, request.ProjectFile);
        return new TrainedModel(untrained with { Predictor = predictor },
            elapsed => $"{request.ModelName}: trained {Name} on {rowCount:N0} rows × {model.FeatureCount} features in {elapsed.TotalSeconds:0.00} s{detail}");
    }
}
