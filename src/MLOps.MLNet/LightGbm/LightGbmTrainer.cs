using Microsoft.ML;
using Microsoft.ML.Trainers.LightGbm;
using MLOps.Engine.Learners;
using MLOps.Engine.Vocabulary;

namespace MLOps.MLNet.LightGbm;

/// <summary>
/// <c>Trainer=MLNet.LightGbm</c>: LightGBM through Microsoft.ML.LightGbm on one thread with the project's seed;
/// multiclass with softmax. Its native library is loaded before training (<see cref="NativeLibraryProbe"/>).
/// </summary>
public sealed class LightGbmTrainer : MLNetTrainer
{
    public const string TrainerName = "MLNet.LightGbm";
    /// <summary>LightGBM's native library, as Microsoft.ML.LightGbm imports it.</summary>
    public const string NativeLibrary = "lib_lightgbm";

    private static readonly string[] TrainerOptions = ["NumberOfIterations", "NumberOfLeaves", "LearningRate", "MinimumExampleCountPerLeaf", "MaximumBinCountPerFeature"];
    private static readonly string[] BoosterOptions = ["L2Regularization", "L1Regularization", "FeatureFraction"];

    /// <summary>The library <see cref="Unavailable"/> probes (a test points it at one that does not exist).</summary>
    internal string ProbedLibrary { get; init; } = NativeLibrary;

    public override string Name => TrainerName;
    public override string Summary => "LightGBM gradient-boosted trees (Microsoft.ML.LightGbm); converted to MLOps.Runtime trees.";
    public override IReadOnlyList<ModelTask> Tasks { get; } = [ModelTask.BinaryClassification, ModelTask.MulticlassClassification, ModelTask.Regression];

    public override IReadOnlyList<ParameterDefinition> Parameters { get; } =
    [
        new("NumberOfIterations", 100, 1, 100_000, true, "Boosting rounds (trees per class)."),
        new("NumberOfLeaves", 31, 2, 131_072, true, "Most leaves per tree."),
        new("LearningRate", 0.1, 1e-6, 1, false, "Shrinkage of each tree's leaf values."),
        new("MinimumExampleCountPerLeaf", 20, 1, int.MaxValue, true, "Fewest training rows a leaf may hold."),
        new("MaximumBinCountPerFeature", 255, 2, 65_535, true, "Most bins per feature."),
        new("L2Regularization", 0, 0, double.MaxValue, false, "L2 penalty on leaf values (LightGBM's lambda_l2)."),
        new("L1Regularization", 0, 0, double.MaxValue, false, "L1 penalty on leaf values (LightGBM's lambda_l1)."),
        new("FeatureFraction", 1, 0.01, 1, false, "Share of features each tree may split on, drawn with the seed."),
        new("Sigmoid", 0.5, 1e-6, 100, false, "Binary classification only: the slope of the sigmoid that turns scores into probabilities (ML.NET's default; LightGBM's own is 1)."),
    ];

    protected override string? Unavailable() => NativeLibraryProbe.Problem(ProbedLibrary, typeof(LightGbmBinaryTrainer).Assembly,
        $"MLOps.Build.MLNet ships it for linux-x64, osx-x64 and win-x64, as the LightGBM package does; on another platform install LightGBM 4.6 so that '{ProbedLibrary}' is on the library path, or use MLNet.FastTree.");

    protected override IEstimator<ITransformer> Estimator(MLContext context, ModelTask task, TrainerParameters parameters, int seed)
    {
        var booster = OptionsBinder.Apply(new GradientBooster.Options(), parameters, BoosterOptions);
        return task switch
        {
            ModelTask.BinaryClassification => context.BinaryClassification.Trainers.LightGbm(Common(new LightGbmBinaryTrainer.Options { Booster = booster, Sigmoid = parameters["Sigmoid"] }, parameters, seed)),
            ModelTask.MulticlassClassification => context.MulticlassClassification.Trainers.LightGbm(Common(new LightGbmMulticlassTrainer.Options { Booster = booster, UseSoftmax = true }, parameters, seed)),
            _ => context.Regression.Trainers.LightGbm(Common(new LightGbmRegressionTrainer.Options { Booster = booster }, parameters, seed)),
        };
    }

    private static T Common<T>(T options, TrainerParameters parameters, int seed) where T : class =>
        OptionsBinder.Deterministic(OptionsBinder.Apply(options, parameters, TrainerOptions), seed);
}
