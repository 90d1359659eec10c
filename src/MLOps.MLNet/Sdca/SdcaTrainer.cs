using Microsoft.ML;
using Microsoft.ML.Trainers;
using MLOps.Engine.Learners;
using MLOps.Engine.Vocabulary;

namespace MLOps.MLNet.Sdca;

/// <summary>
/// <c>Trainer=MLNet.Sdca</c>: stochastic dual coordinate ascent, on one thread (ML.NET's SDCA is deterministic only
/// so): logistic regression for binary, maximum entropy for multiclass, least squares for regression.
/// </summary>
public sealed class SdcaTrainer : MLNetTrainer
{
    public const string TrainerName = "MLNet.Sdca";
    private static readonly string[] Options = ["L2Regularization", "L1Regularization", "MaximumNumberOfIterations", "ConvergenceTolerance"];

    public override string Name => TrainerName;
    public override string Summary => "Linear models by stochastic dual coordinate ascent (SdcaLogisticRegression, SdcaMaximumEntropy, Sdca); converted to MLOps.Runtime weights.";
    public override IReadOnlyList<ModelTask> Tasks { get; } = [ModelTask.BinaryClassification, ModelTask.MulticlassClassification, ModelTask.Regression];

    public override IReadOnlyList<ParameterDefinition> Parameters { get; } =
    [
        new("L2Regularization", 1e-4, 1e-12, double.MaxValue, false, "L2 penalty on the weights."),
        new("L1Regularization", 0, 0, double.MaxValue, false, "L1 penalty on the weights (soft threshold)."),
        new("MaximumNumberOfIterations", 100, 1, int.MaxValue, true, "Most passes over the training rows."),
        new("ConvergenceTolerance", 0.1, 1e-12, 1, false, "Stop when the duality gap, relative to the loss, is below this."),
    ];

    protected override IEstimator<ITransformer> Estimator(MLContext context, ModelTask task, TrainerParameters parameters, int seed) => task switch
    {
        ModelTask.BinaryClassification => context.BinaryClassification.Trainers.SdcaLogisticRegression(Configure(new SdcaLogisticRegressionBinaryTrainer.Options(), parameters, seed)),
        ModelTask.MulticlassClassification => context.MulticlassClassification.Trainers.SdcaMaximumEntropy(Configure(new SdcaMaximumEntropyMulticlassTrainer.Options(), parameters, seed)),
        _ => context.Regression.Trainers.Sdca(Configure(new SdcaRegressionTrainer.Options(), parameters, seed)),
    };

    private static T Configure<T>(T options, TrainerParameters parameters, int seed) where T : class =>
        OptionsBinder.Deterministic(OptionsBinder.Apply(options, parameters, Options), seed);
}
