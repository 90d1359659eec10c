using Microsoft.ML;
using Microsoft.ML.Trainers.FastTree;
using MLOps.Engine.Learners;
using MLOps.Engine.Vocabulary;

namespace MLOps.MLNet.FastForest;

/// <summary>
/// <c>Trainer=MLNet.FastForest</c>: ML.NET's random forest, on one thread with the project's seed. Its binary scores
/// are averages of tree outputs, not probabilities, so a Platt calibrator is fitted on the training rows after it.
/// </summary>
public sealed class FastForestTrainer : MLNetTrainer
{
    public const string TrainerName = "MLNet.FastForest";
    private static readonly string[] Options = ["NumberOfTrees", "NumberOfLeaves", "MinimumExampleCountPerLeaf", "MaximumBinCountPerFeature", "FeatureFraction"];

    public override string Name => TrainerName;
    public override string Summary => "ML.NET's FastForest random forest (Platt-calibrated for binary classification); converted to MLOps.Runtime trees.";
    public override IReadOnlyList<ModelTask> Tasks { get; } = [ModelTask.BinaryClassification, ModelTask.Regression];

    public override IReadOnlyList<ParameterDefinition> Parameters { get; } =
    [
        new("NumberOfTrees", 100, 1, 100_000, true, "Trees in the forest."),
        new("NumberOfLeaves", 20, 2, 131_072, true, "Most leaves per tree."),
        new("MinimumExampleCountPerLeaf", 10, 1, int.MaxValue, true, "Fewest training rows a leaf may hold."),
        new("MaximumBinCountPerFeature", 255, 2, 65_535, true, "Most bins per feature."),
        new("FeatureFraction", 0.7, 0.01, 1, false, "Share of features each tree may split on, drawn with the seed."),
    ];

    protected override IEstimator<ITransformer> Estimator(MLContext context, ModelTask task, TrainerParameters parameters, int seed) => task switch
    {
        ModelTask.BinaryClassification => context.BinaryClassification.Trainers.FastForest(Configure(new FastForestBinaryTrainer.Options(), parameters, seed))
            .Append(context.BinaryClassification.Calibrators.Platt()),
        _ => context.Regression.Trainers.FastForest(Configure(new FastForestRegressionTrainer.Options(), parameters, seed)),
    };

    private static T Configure<T>(T options, TrainerParameters parameters, int seed) where T : class =>
        OptionsBinder.Deterministic(OptionsBinder.Apply(options, parameters, Options), seed);
}
