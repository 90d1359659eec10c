using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using MLOps.Runtime;

namespace MLOps.MLNet.Conversion;

/// <summary>
/// Turns a fitted ML.NET prediction model into an MLOps.Runtime predictor over the same features: linear models into
/// weights, tree ensembles into trees with their leaf values; a Platt calibrator, 1 / (1 + exp(slope·s + offset)),
/// folds into the logit link (z = -offset - slope·s), and a multiclass model's per-class scores go through softmax.
/// </summary>
internal static class ModelConversion
{
    public sealed record Result(PredictorSpec? Predictor, string? Problem);

    /// <summary>Converts <paramref name="fitted"/> into <paramref name="untrained"/>'s kind of predictor (its link and shape).</summary>
    public static Result Convert(ITransformer fitted, PredictorSpec untrained, int classes) =>
        Convert(fitted is IEnumerable<ITransformer> chain ? chain.ToArray() : [fitted], untrained, classes, fitted.GetType().Name);

    /// <summary>As above, for a prediction transformer and the calibrator that may follow it.</summary>
    public static Result Convert(IReadOnlyList<ITransformer> parts, PredictorSpec untrained, int classes, string fitted)
    {
        // A trainer followed by a calibrator (FastForest's binary scores get one): the trainer's model, then the calibrator's.
        var models = parts.OfType<IPredictionTransformer<object>>().Select(p => p.Model).ToArray();
        if (models.Length == 0) return new(null, $"ML.NET returned a {fitted}, which holds no prediction model.");
        var platt = models.Length > 1 ? models[1] as PlattCalibrator : null;
        try
        {
            return Convert(models[0], platt, untrained, classes);
        }
        catch (NotSupportedException e)
        {
            return new(null, e.Message);
        }
    }

    private static Result Convert(object model, PlattCalibrator? platt, PredictorSpec untrained, int classes)
    {
        switch (model)
        {
            case CalibratedModelParametersBase<LinearBinaryModelParameters, PlattCalibrator> c:
                return new(Linear(c.SubModel, c.Calibrator, untrained), null);
            case CalibratedModelParametersBase<FastTreeBinaryModelParameters, PlattCalibrator> c:
                return new(TreeConversion.Ensemble(c.SubModel.TrainedTreeEnsemble, Calibration.Of(c.Calibrator), untrained), null);
            case CalibratedModelParametersBase<Microsoft.ML.Trainers.LightGbm.LightGbmBinaryModelParameters, PlattCalibrator> c:
                return new(TreeConversion.Ensemble(c.SubModel.TrainedTreeEnsemble, Calibration.Of(c.Calibrator), untrained), null);
            case FastForestBinaryModelParameters f when platt is not null: // its binary score sums the trees; its regression averages them
                return new(TreeConversion.Ensemble(f.TrainedTreeEnsemble, Calibration.Of(platt), untrained), null);
            case FastForestRegressionModelParameters f:
                return new(TreeConversion.Forest(f.TrainedTreeEnsemble, Calibration.None, untrained), null);
            case TreeEnsembleModelParametersBasedOnRegressionTree t:
                return new(TreeConversion.Ensemble(t.TrainedTreeEnsemble, Calibration.None, untrained), null);
            case LinearModelParameters l:
                return new(Linear(l, null, untrained), null);
            case MaximumEntropyModelParameters m:
                return new(Softmax(m, untrained, classes), null);
            case OneVersusAllModelParameters o:
                return new(TreeConversion.PerClass(SubModels(o), untrained, classes), null);
            default:
                return new(null, $"ML.NET's {model.GetType().Name} is not one MLOps.MLNet converts.");
        }
    }

    /// <summary>z = intercept + w·x; with a Platt calibrator the link's argument is -offset - slope·(bias + w·x).</summary>
    private static PredictorSpec Linear(LinearModelParameters linear, PlattCalibrator? calibrator, PredictorSpec untrained)
    {
        var calibration = calibrator is null ? Calibration.None : Calibration.Of(calibrator);
        var weights = linear.Weights;
        if (weights.Count != untrained.Weights.Count)
            throw new NotSupportedException($"it has {weights.Count} weights for {untrained.Weights.Count} features.");
        return untrained with
        {
            Intercept = calibration.Apply(linear.Bias),
            Weights = weights.Select(w => calibration.Scale * w).ToArray(),
        };
    }

    /// <summary>Multinomial logistic regression: one row of weights and one bias per class, in class order.</summary>
    private static PredictorSpec Softmax(MaximumEntropyModelParameters model, PredictorSpec untrained, int classes)
    {
        VBuffer<float>[] rows = [];
        model.GetWeights(ref rows, out var count);
        var biases = model.GetBiases();
        var width = untrained.Weights.Count / classes;
        if (count != classes) throw new NotSupportedException($"it scores {count} classes where the data has {classes}.");
        var weights = new double[classes * width];
        for (var k = 0; k < classes; k++)
        {
            var dense = rows[k].DenseValues().ToArray();
            for (var j = 0; j < width; j++) weights[k * width + j] = dense[j];
        }
        return untrained with { Intercept = 0, Weights = weights, Intercepts = biases.Select(b => (double)b).ToArray() };
    }

    /// <summary>A one-versus-all model's per-class models (LightGBM's multiclass softmax), which ML.NET does not make public.</summary>
    private static IReadOnlyList<object> SubModels(OneVersusAllModelParameters model)
    {
        // Only softmax over the raw per-class scores converts; without it ML.NET normalizes calibrated per-class probabilities.
        var combiner = typeof(OneVersusAllModelParameters).GetField("_impl", BindingFlags.Instance | BindingFlags.NonPublic)?.GetValue(model);
        if (combiner is not null && !combiner.GetType().Name.Contains("Softmax", StringComparison.Ordinal))
            throw new NotSupportedException("its one-versus-all model combines the classes' calibrated scores without softmax (LightGBM's UseSoftmax = false); only softmax converts.");
        var property = typeof(OneVersusAllModelParameters).GetProperty("SubModelParameters", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
            ?? throw new NotSupportedException("this ML.NET version does not expose a one-versus-all model's per-class models.");
        return ((System.Collections.IEnumerable)property.GetValue(model)!).Cast<object>().ToArray();
    }
}

/// <summary>The affine map a Platt calibrator puts before the logistic function: z = Offset + Scale·s (none: z = s).</summary>
internal readonly record struct Calibration(double Offset, double Scale)
{
    public static readonly Calibration None = new(0, 1);

    /// <summary>ML.NET's Platt probability is 1 / (1 + exp(slope·s + offset)), that is σ(-offset - slope·s).</summary>
    public static Calibration Of(PlattCalibrator platt) => new(-platt.Offset, -platt.Slope);

    public double Apply(double score) => Offset + Scale * score;
}
