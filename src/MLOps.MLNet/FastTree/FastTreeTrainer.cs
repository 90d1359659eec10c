using Microsoft.ML;
using Microsoft.ML.Trainers.FastTree;
using MLOps.Engine.Learners;
using MLOps.Engine.Vocabulary;

namespace MLOps.MLNet.FastTree;

/// <summary><c>Trainer=MLNet.FastTree</c>: ML.NET's own gradient-boosted trees (MART), on one thread with the project's seed.</summary>
public sealed class FastTreeTrainer : MLNetTrainer
{
    public const string TrainerName = "MLNet.FastTree";
    private static readonly string[] Options = ["NumberOfTrees", "NumberOfLeaves", "MinimumExampleCountPerLeaf", "LearningRate", "MaximumBinCountPerFeature", "FeatureFraction"];

    public override string Name => TrainerName;
    public override string Summary => "ML.NET's FastTree gradient-boosted trees (MART); converted to MLOps.Runtime trees.";
    public override IReadOnlyList<ModelTask> Tasks { get; } = [ModelTask.BinaryClassification, ModelTask.Regression];

    public override IReadOnlyList<ParameterDefinition> Parameters { get; } =
    [
        new("NumberOfTrees", 100, 1, 100_000, true, "Boosting rounds: trees in the ensemble."),
        new("NumberOfLeaves", 20, 2, 131_072, true, "Most leaves per tree."),
        new("MinimumExampleCountPerLeaf", 10, 1, int.MaxValue, true, "Fewest training rows a leaf may hold."),
        new("LearningRate", 0.2, 1e-6, 1, false, "Shrinkage of each tree's leaf values."),
        new("MaximumBinCountPerFeature", 255, 2, 65_535, true, "Most bins per feature."),
        new("FeatureFraction", 1, 0.01, 1, false, "Share of features each tree may split on, drawn with the seed."),
    ];

    protected override IEstimator<ITransformer> Estimator(MLContext context, ModelTask task, TrainerParameters parameters, int seed) => task switch
    {
        ModelTask.BinaryClassification => context.BinaryClassification.Trainers.FastTree(Configure(new FastTreeBinaryTrainer.Options(), parameters, seed)),
        _ => context.Regression.Trainers.FastTree(Configure(new FastTreeRegressionTrainer.Options(), parameters, seed)),
    };

    private static T Configure<T>(T options, TrainerParameters parameters, int seed) where T : class =>
        OptionsBinder.Deterministic(OptionsBinder.Apply(options, parameters, Options), seed);
}
