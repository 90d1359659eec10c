using Microsoft.ML;
using Microsoft.ML.Trainers;
using MLOps.Engine.Learners;
using MLOps.Engine.Vocabulary;

namespace MLOps.MLNet.Lbfgs;

/// <summary><c>Trainer=MLNet.LbfgsMaximumEntropy</c>: ML.NET's L-BFGS multinomial logistic regression (maximum entropy), on one thread.</summary>
public sealed class LbfgsMaximumEntropyTrainer : MLNetTrainer
{
    public const string TrainerName = "MLNet.LbfgsMaximumEntropy";

    public override string Name => TrainerName;
    public override string Summary => "ML.NET's L-BFGS multinomial logistic regression (maximum entropy) with L1 and L2 penalties; converted to MLOps.Runtime weights.";
    public override IReadOnlyList<ModelTask> Tasks { get; } = [ModelTask.MulticlassClassification];
    public override IReadOnlyList<ParameterDefinition> Parameters => LbfgsParameters.All;

    protected override IEstimator<ITransformer> Estimator(MLContext context, ModelTask task, TrainerParameters parameters, int seed) =>
        context.MulticlassClassification.Trainers.LbfgsMaximumEntropy(LbfgsParameters.Configure(new LbfgsMaximumEntropyMulticlassTrainer.Options(), parameters));
}
