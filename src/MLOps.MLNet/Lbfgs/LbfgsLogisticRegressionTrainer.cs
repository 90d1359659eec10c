using Microsoft.ML;
using Microsoft.ML.Trainers;
using MLOps.Engine.Learners;
using MLOps.Engine.Vocabulary;

namespace MLOps.MLNet.Lbfgs;

/// <summary><c>Trainer=MLNet.LbfgsLogisticRegression</c>: ML.NET's L-BFGS logistic regression with L1 and L2 penalties, on one thread.</summary>
public sealed class LbfgsLogisticRegressionTrainer : MLNetTrainer
{
    public const string TrainerName = "MLNet.LbfgsLogisticRegression";

    public override string Name => TrainerName;
    public override string Summary => "ML.NET's L-BFGS logistic regression with L1 and L2 penalties; converted to MLOps.Runtime weights.";
    public override IReadOnlyList<ModelTask> Tasks { get; } = [ModelTask.BinaryClassification];
    public override IReadOnlyList<ParameterDefinition> Parameters => LbfgsParameters.All;

    protected override IEstimator<ITransformer> Estimator(MLContext context, ModelTask task, TrainerParameters parameters, int seed) =>
        context.BinaryClassification.Trainers.LbfgsLogisticRegression(LbfgsParameters.Configure(new LbfgsLogisticRegressionBinaryTrainer.Options(), parameters));
}
