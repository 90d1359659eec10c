using MLOps.Engine.Data;
using MLOps.Engine.Features;
using MLOps.Engine.Learners;
using MLOps.Engine.Learners.Trees;
using MLOps.Engine.Vocabulary;
using MLOps.Runtime;

namespace MLOps.Engine.Trainers;

/// <summary>
/// <c>Trainer=GradientBoostedTrees</c>: features come from the runtime's own featurizer (raw numbers, category indices,
/// NaN for missing), so the model scores in an app exactly as it was trained; with early stopping, a seeded 10% of the
/// training rows is held out for validation.
/// </summary>
public sealed class GradientBoostedTreesTrainer : LearnedTrainer
{
    public const string TrainerName = "GradientBoostedTrees";
    public const double ValidationShare = 0.1;
    /// <summary>Freed training values from which a full collection pays for itself: 32 MB of doubles.</summary>
    private const long CollectBytes = 32L << 20;

    public override string Name => TrainerName;
    public override string Summary => "Gradient-boosted trees on histograms of the raw inputs, grown leaf-wise.";
    public override IReadOnlyList<ModelTask> Tasks { get; } = [ModelTask.BinaryClassification, ModelTask.MulticlassClassification, ModelTask.Regression];
    protected override bool RawInputs => true;

    public override IReadOnlyList<ParameterDefinition> Parameters { get; } =
    [
        new("Trees", 100, 1, 100_000, true, "Boosting rounds: trees added (early stopping may keep fewer)."),
        new("Leaves", 31, 2, 4096, true, "Most leaves per tree; trees grow leaf-wise, best split first."),
        new("LearningRate", 0.1, 1e-6, 1, false, "Each tree's leaf values are scaled by this."),
        new("MaxBins", 255, 2, 255, true, "Most bins per feature for present values (missing values have one more), cut where scikit-learn's HistGradientBoosting cuts them."),
        new("MinLeafRows", 20, 1, int.MaxValue, true, "Fewest training rows a leaf may hold."),
        new("L2", 1.0, 0, double.MaxValue, false, "L2 penalty on leaf values (xgboost's lambda)."),
        new("FeatureFraction", 1, 0.01, 1, false, "Share of features each tree may split on, drawn with the seed."),
        new("RowFraction", 1, 0.01, 1, false, "Share of rows each tree learns from, drawn with the seed."),
        new("EarlyStoppingRounds", 0, 0, int.MaxValue, true, "Stop when the loss on 10% of the training rows held out for validation has not improved for this many rounds, and keep the best round; 0 turns early stopping off."),
        new("Threads", 0, 0, 1024, true, "Threads to train with; 0 uses every core. The model is the same for any value.") { OnlySpeed = true },
    ];

    protected override (PredictorSpec Predictor, string Detail) Fit(Model model, double[] y, TrainingRequest request)
    {
        var parameters = TreeParameters.From(request.Parameters, request.Seed);
        var objective = request.Task switch
        {
            ModelTask.Regression => BoostingObjective.SquaredError,
            ModelTask.MulticlassClassification => BoostingObjective.Softmax,
            _ => BoostingObjective.LogLoss,
        };
        var classes = model.Document.Label.Classes.Count;
        var (bins, trainY, validBins, validY) = Bin(model, y, request, parameters);
        // The columns are garbage now unless the caller keeps the table, but the large object heap keeps their memory
        // committed: an aggressive collection gives it back, so the boosting's arrays and the later steps of the build
        // do not grow the process on top of it.
        if ((long)y.Length * bins.Features * sizeof(double) >= CollectBytes) GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        var boosted = GradientBoosting.Train(bins, trainY, objective, parameters, validBins, validY, classes: classes, cancel: request.Cancel);
        var detail = boosted.ValidationLoss is { } loss
            ? $" ({boosted.Trees.Count} trees, best validation loss {loss:0.000000} at round {boosted.BestRound})"
            : $" ({boosted.Trees.Count} trees)";
        var predictor = model.Document.Predictor with { Intercept = boosted.Intercept, Trees = boosted.Trees };
        return (objective == BoostingObjective.Softmax ? predictor with { Intercept = 0, Intercepts = boosted.Intercepts } : predictor, detail);
    }

    /// <summary>
    /// The training rows as bins (with early stopping: the held-out validation rows too, binned with the training
    /// rows' bounds). The rows are taken from the request and each column is let go of once binned, so unless the caller
    /// keeps the table, the bins take the memory of the columns (8 bytes a value; a bin is 1) instead of adding to it.
    /// </summary>
    private static (FeatureBins Bins, double[] Y, FeatureBins? ValidBins, double[]? ValidY) Bin(Model model, double[] y, TrainingRequest request, TreeParameters parameters)
    {
        var columns = TakeColumns(model, request);
        if (parameters.EarlyStoppingRounds == 0) return (FeatureBins.FitTaking(columns, parameters.MaxBins, parameters.Threads, CollectBytes, request.Cancel), y, null, null);
        var validation = HoldOut.Mask(y.Length, request.Seed + 1, ValidationShare);
        var (trainColumns, trainY) = Select(columns, y, validation, false);
        var (validColumns, validY) = Select(columns, y, validation, true);
        Array.Clear(columns);
        var bins = FeatureBins.FitTaking(trainColumns, parameters.MaxBins, parameters.Threads, CollectBytes, request.Cancel);
        return (bins, trainY, bins.Apply(validColumns), validY);
    }

    /// <summary>The inputs' columns of the training rows, taken from the request: nothing here holds their table once this returns.</summary>
    private static double[]?[] TakeColumns(Model model, TrainingRequest request)
    {
        var rows = request.TakeRows();
        return TableRows.RawColumns(rows, model.Document.Inputs) ?? TableRows.Columns(rows, model);
    }

    private static (double[][] Columns, double[] Labels) Select(double[]?[] columns, double[] y, bool[] mask, bool keep)
    {
        var rows = Enumerable.Range(0, y.Length).Where(r => mask[r] == keep).ToArray();
        return (columns.Select(c => rows.Select(r => c![r]).ToArray()).ToArray(), rows.Select(r => y[r]).ToArray());
    }
}
