namespace MLOps.Engine.Learners.Trees;

/// <summary>The settings of gradient boosting (docs/trainers.md), as the trainer reads them.</summary>
internal sealed record TreeParameters(
    int Trees, int Leaves, double LearningRate, int MaxBins, int MinLeafRows, double L2,
    double FeatureFraction, double RowFraction, int EarlyStoppingRounds, int Threads, int Seed)
{
    /// <summary>Smallest hessian sum a leaf may have (guards leaves of rows the model already fits perfectly).</summary>
    public const double MinLeafHessian = 1e-3;

    public static TreeParameters From(TrainerParameters p, int seed) => new(
        (int)p["Trees"], (int)p["Leaves"], p["LearningRate"], (int)p["MaxBins"], (int)p["MinLeafRows"], p["L2"],
        p["FeatureFraction"], p["RowFraction"], (int)p["EarlyStoppingRounds"],
        p["Threads"] == 0 ? Environment.ProcessorCount : (int)p["Threads"], seed);
}
