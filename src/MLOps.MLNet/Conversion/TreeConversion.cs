using Microsoft.ML.Trainers.FastTree;
using MLOps.Runtime;

namespace MLOps.MLNet.Conversion;

/// <summary>
/// ML.NET's regression trees as MLOps.Runtime trees. ML.NET sends a row left when its single-precision feature is ≤ the
/// split's single-precision threshold; the runtime compares the double feature, so each threshold becomes the largest
/// double whose rounding to single precision is ≤ it, and both take the same branch for every value.
/// </summary>
internal static class TreeConversion
{
    /// <summary>A boosted ensemble: bias + Σ weight·tree, through the calibration.</summary>
    public static PredictorSpec Ensemble<T>(TreeEnsemble<T> ensemble, Calibration calibration, PredictorSpec untrained) where T : RegressionTreeBase =>
        Trees(ensemble, calibration, 1, untrained);

    /// <summary>A regression forest: ML.NET averages its trees' outputs.</summary>
    public static PredictorSpec Forest<T>(TreeEnsemble<T> ensemble, Calibration calibration, PredictorSpec untrained) where T : RegressionTreeBase =>
        Trees(ensemble, calibration, 1.0 / Math.Max(1, ensemble.Trees.Count), untrained);

    private static PredictorSpec Trees<T>(TreeEnsemble<T> ensemble, Calibration calibration, double average, PredictorSpec untrained) where T : RegressionTreeBase
    {
        var width = untrained.Weights.Count;
        var trees = ensemble.Trees.Select((tree, t) => Tree(tree, calibration.Scale * average * ensemble.TreeWeights[t], width)).ToArray();
        return new PredictorSpec(PredictorKinds.Trees, untrained.Link, calibration.Apply(average * ensemble.Bias), []) { Trees = trees };
    }

    /// <summary>
    /// LightGBM's multiclass model: one binary ensemble per class, whose summed scores go through softmax. The runtime's
    /// tree t adds to class t mod classes, so the classes' trees are interleaved round by round (a class with fewer trees gets empty ones).
    /// </summary>
    public static PredictorSpec PerClass(IReadOnlyList<object> models, PredictorSpec untrained, int classes)
    {
        if (models.Count != classes) throw new NotSupportedException($"it has {models.Count} per-class models where the data has {classes} classes.");
        // Softmax reads each class's raw score: the Platt calibrator ML.NET also attaches to it plays no part.
        var ensembles = models.Select(m => m is Microsoft.ML.Calibrators.CalibratedModelParametersBase<Microsoft.ML.Trainers.LightGbm.LightGbmBinaryModelParameters, Microsoft.ML.Calibrators.PlattCalibrator> c ? c.SubModel : m)
            .Select(m => m is TreeEnsembleModelParametersBasedOnRegressionTree t ? t.TrainedTreeEnsemble
            : throw new NotSupportedException($"its per-class model is a {m.GetType().Name}, not a tree ensemble.")).ToArray();
        var width = untrained.Weights.Count / classes;
        var rounds = ensembles.Max(e => e.Trees.Count);
        var empty = new TreeSpec([], [], [], [], [], [0.0]);
        var trees = new List<TreeSpec>(rounds * classes);
        for (var r = 0; r < rounds; r++)
            foreach (var ensemble in ensembles)
                trees.Add(r < ensemble.Trees.Count ? Tree(ensemble.Trees[r], ensemble.TreeWeights[r], width) : empty);
        return new PredictorSpec(PredictorKinds.Trees, untrained.Link, 0, []) { Trees = trees, Intercepts = ensembles.Select(e => e.Bias).ToArray() };
    }

    private static TreeSpec Tree(RegressionTreeBase tree, double scale, int width)
    {
        var nodes = tree.NumberOfNodes;
        if (tree.CategoricalSplitFlags.Any(c => c))
            throw new NotSupportedException("one of its trees splits on categories (ML.NET's categorical splits); train without them.");
        var features = tree.NumericalSplitFeatureIndexes.Take(nodes).ToArray();
        if (Array.FindIndex(features, f => f < 0 || f >= width) is var node and >= 0)
            throw new NotSupportedException($"a tree splits on feature {features[node]} of {width}.");
        return new TreeSpec(features,
            tree.NumericalSplitThresholds.Take(nodes).Select(LeftBound).ToArray(),
            new bool[nodes], // every feature is present: the featurizer imputes missing values
            tree.LeftChild.Take(nodes).ToArray(), tree.RightChild.Take(nodes).ToArray(),
            tree.LeafValues.Select(v => scale * v).ToArray());
    }

    /// <summary>The largest double d with (float)d ≤ <paramref name="threshold"/> (round to nearest, ties to even).</summary>
    public static double LeftBound(float threshold)
    {
        if (float.IsNaN(threshold) || float.IsInfinity(threshold) || threshold == float.MaxValue) return threshold;
        var next = (double)MathF.BitIncrement(threshold);
        var middle = ((double)threshold + next) / 2; // exact: a double has room for a float's midpoint
        // A tie rounds to the float with the even last bit: to the threshold (left) when its own last bit is even.
        return (BitConverter.SingleToInt32Bits(threshold) & 1) == 0 ? middle : Math.BitDecrement(middle);
    }
}
