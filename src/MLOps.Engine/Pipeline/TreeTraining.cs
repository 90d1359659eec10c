using MLOps.Engine.Data;
using MLOps.Engine.Features;
using MLOps.Engine.Learners.Trees;
using MLOps.Engine.Vocabulary;
using MLOps.Runtime;

namespace MLOps.Engine.Pipeline;

/// <summary>
/// Fits gradient-boosted trees: features come from the runtime's own featurizer (raw numbers, category indices, NaN
/// for missing), so the model scores in an app exactly as it was trained; with early stopping, a seeded 10% of the
/// training rows is held out for validation.
/// </summary>
internal static class TreeTraining
{
    public const double ValidationShare = 0.1;

    public static (PredictorSpec Predictor, string Detail) Fit(Model model, DataTable rows, double[] y, Settings settings, CancellationToken cancel)
    {
        var parameters = TreeParameters.From(settings.Parameters, settings.Seed);
        var columns = TableRows.Columns(rows, model);
        var objective = settings.Task switch
        {
            ModelTask.Regression => BoostingObjective.SquaredError,
            ModelTask.MulticlassClassification => BoostingObjective.Softmax,
            _ => BoostingObjective.LogLoss,
        };
        var classes = model.Document.Label.Classes.Count;
        BoostedModel boosted;
        if (parameters.EarlyStoppingRounds > 0)
        {
            var validation = HoldOut.Mask(rows.RowCount, settings.Seed + 1, ValidationShare);
            var (trainColumns, trainY) = Select(columns, y, validation, false);
            var (validColumns, validY) = Select(columns, y, validation, true);
            var bins = FeatureBins.Fit(trainColumns, parameters.MaxBins, parameters.Threads, cancel);
            boosted = GradientBoosting.Train(bins, trainY, objective, parameters, bins.Apply(validColumns), validY, classes: classes, cancel: cancel);
        }
        else
        {
            boosted = GradientBoosting.Train(FeatureBins.Fit(columns, parameters.MaxBins, parameters.Threads, cancel), y, objective, parameters, classes: classes, cancel: cancel);
        }
        var detail = boosted.ValidationLoss is { } loss
            ? $" ({boosted.Trees.Count} trees, best validation loss {loss:0.000000} at round {boosted.BestRound})"
            : $" ({boosted.Trees.Count} trees)";
        var predictor = model.Document.Predictor with { Intercept = boosted.Intercept, Trees = boosted.Trees };
        return (objective == BoostingObjective.Softmax ? predictor with { Intercept = 0, Intercepts = boosted.Intercepts } : predictor, detail);
    }

    private static (double[][] Columns, double[] Labels) Select(double[][] columns, double[] y, bool[] mask, bool keep)
    {
        var rows = Enumerable.Range(0, y.Length).Where(r => mask[r] == keep).ToArray();
        return (columns.Select(c => rows.Select(r => c[r]).ToArray()).ToArray(), rows.Select(r => y[r]).ToArray());
    }
}
