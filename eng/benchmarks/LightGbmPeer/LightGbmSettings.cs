using Microsoft.ML.Trainers.LightGbm;

/// <summary>The race's LightGBM settings: those of every contestant (100 trees, 31 leaves, 255 bins, learning rate 0.1, L2 1).</summary>
internal static class LightGbmSettings
{
    public static LightGbmBinaryTrainer.Options Of(int threads) => new()
    {
        NumberOfIterations = 100,
        NumberOfLeaves = 31,
        MaximumBinCountPerFeature = 255,
        LearningRate = 0.1,
        MinimumExampleCountPerLeaf = 20,
        Booster = new GradientBooster.Options { L2Regularization = 1 },
        NumberOfThreads = threads,
        Seed = 42,
        Sigmoid = 1, // LightGBM's own default (ML.NET's is 0.5)
        Silent = true,
    };
}
