using MLOps.Runtime;
using static MLOps.Engine.Onnx.OnnxGraph;

namespace MLOps.Engine.Onnx;

/// <summary>
/// Writes a model as an ONNX graph that scores raw inputs as <see cref="Model"/> does: the featurizer's imputation,
/// scaling and one-hot encoding as ONNX nodes, then the predictor (ai.onnx.ml TreeEnsemble, or MatMul for linear
/// models) and its link. Everything is double precision, so the file agrees with MLOps.Runtime to about 1e-12
/// (docs/onnx.md).
/// </summary>
public static class OnnxExport
{
    /// <summary>The output of a binary classifier: the probability of <c>Label.Classes[1]</c>, N × 1.</summary>
    public const string ProbabilityOutput = "probability";
    /// <summary>The output of a multiclass classifier: each class's probability in <c>Label.Classes</c> order, N × classes.</summary>
    public const string ProbabilitiesOutput = "probabilities";
    /// <summary>The output of a regression model: the prediction, N × 1.</summary>
    public const string PredictionOutput = "prediction";

    /// <summary>The name of the graph's only output for a model's task.</summary>
    public static string OutputOf(ModelDocument model) => model.Predictor.Link switch
    {
        Links.Logit => ProbabilityOutput,
        Links.Softmax => ProbabilitiesOutput,
        _ => PredictionOutput,
    };

    /// <summary>Whether the model has a scorer ONNX can express (not an External trainer's predictions).</summary>
    public static bool CanExport(ModelDocument model) => model.Predictor.Kind is PredictorKinds.Linear or PredictorKinds.Trees;

    /// <summary>The ONNX file's bytes: the same model always gives the same bytes.</summary>
    public static byte[] ToBytes(ModelDocument model)
    {
        if (!CanExport(model)) throw new ArgumentException($"Model '{model.Name}' has predictor kind '{model.Predictor.Kind}', which has no ONNX form.", nameof(model));
        var graph = new OnnxGraph();
        var features = graph.Add("Concat", model.Inputs.SelectMany(input => Featurize(graph, input)).ToArray(), [OnnxAttribute.Int("axis", 1)], output: "features");
        var classes = model.Predictor.Link == Links.Softmax ? model.Label.Classes.Count : 1;
        var sums = model.Predictor.Kind == PredictorKinds.Trees
            ? TreeSums(graph, features, model.Predictor.Trees ?? [], classes, new Featurizer(model.Inputs).FeatureCount)
            : LinearSums(graph, features, model.Predictor.Weights, classes);
        var intercepts = classes > 1 ? model.Predictor.Intercepts!.ToArray() : [model.Predictor.Intercept];
        var scores = graph.Add("Add", [sums, graph.Constant("intercept", intercepts, intercepts.Length)]);
        var output = OutputOf(model);
        _ = model.Predictor.Link switch
        {
            Links.Logit => graph.Add("Sigmoid", [scores], output: output),
            Links.Softmax => graph.Add("Softmax", [scores], [OnnxAttribute.Int("axis", 1)], output: output),
            _ => graph.Add("Identity", [scores], output: output),
        };
        graph.Output(output, TensorType.Double, classes);
        return graph.ToBytes(model.Name, model.Training.EngineVersion,
        [
            new("mlops.task", model.Task),
            new("mlops.label", model.Label.Name),
            new("mlops.classes", string.Join("\n", model.Label.Classes)),
            new("mlops.trainer", model.Training.Trainer),
            new("mlops.fingerprint", model.Training.Fingerprint),
        ]);
    }

    /// <summary>The graph input for one model input, and the nodes that turn it into its features (N × width each).</summary>
    private static IEnumerable<string> Featurize(OnnxGraph graph, InputSpec input)
    {
        if (input.Type == InputTypes.Category)
        {
            var value = graph.Input(input.Name, TensorType.String);
            var levels = input.Levels ?? [];
            if (input.Encoding == InputTypes.RawEncoding)
            {
                // The level's index; unknown and missing values are NaN, which the trees send their missing way.
                // (A category without levels maps a key no input is to NaN, as LabelEncoder needs one key.)
                var keys = levels.Count > 0 ? levels : ["\0"];
                var index = graph.Add("LabelEncoder", [value],
                [
                    OnnxAttribute.Strings("keys_strings", keys),
                    OnnxAttribute.Floats("values_floats", levels.Count > 0 ? levels.Select((_, i) => (float)i).ToArray() : [float.NaN]),
                    OnnxAttribute.Float("default_float", float.NaN),
                ], MlDomain);
                yield return graph.Add("Cast", [index], [OnnxAttribute.Int("to", (long)TensorType.Double)]);
                yield break;
            }
            if (levels.Count == 0) yield break;
            // One column per level; missing and unknown values set none (zeros = 1 makes them all-zero rows).
            var oneHot = graph.Add("OneHotEncoder", [value], [OnnxAttribute.Strings("cats_strings", levels), OnnxAttribute.Int("zeros", 1)], MlDomain);
            var flat = graph.Add("Reshape", [oneHot, graph.Constant("shape", [-1L, levels.Count], 2)]);
            yield return graph.Add("Cast", [flat], [OnnxAttribute.Int("to", (long)TensorType.Double)]);
            yield break;
        }
        var x = graph.Input(input.Name, TensorType.Double);
        if (input.Encoding == InputTypes.RawEncoding)
        {
            yield return x;
            yield break;
        }
        // Missing (NaN) takes the centre, which scales to 0; the indicator column says it was missing.
        var missing = graph.Add("IsNaN", [x]);
        var center = graph.Constant("center", [input.Center.GetValueOrDefault()], 1);
        var filled = graph.Add("Where", [missing, center, x]);
        var centered = graph.Add("Sub", [filled, center]);
        yield return graph.Add("Div", [centered, graph.Constant("scale", [input.Scale.GetValueOrDefault(1)], 1)]);
        if (input.MissingIndicator) yield return graph.Add("Cast", [missing], [OnnxAttribute.Int("to", (long)TensorType.Double)]);
    }

    /// <summary>features · weights: N × classes (the model stores class k's weights at k × width).</summary>
    private static string LinearSums(OnnxGraph graph, string features, IReadOnlyList<double> weights, int classes)
    {
        var width = weights.Count / classes;
        var byColumn = new double[weights.Count];
        for (var k = 0; k < classes; k++)
            for (var f = 0; f < width; f++) byColumn[f * classes + k] = weights[k * width + f];
        return graph.Add("MatMul", [features, graph.Constant("weights", byColumn, width, classes)]);
    }

    /// <summary>
    /// The trees as one ai.onnx.ml TreeEnsemble (opset 5, double thresholds and leaves): tree t adds to target
    /// t mod classes. A node goes to its true branch when feature ≤ threshold, or when the feature is NaN and it
    /// tracks missing values to the true (left) side, as <see cref="TreeSpec"/> says.
    /// </summary>
    private static string TreeSums(OnnxGraph graph, string features, IReadOnlyList<TreeSpec> trees, int classes, int featureCount)
    {
        var (featureIds, splits, trueIds, trueLeafs, falseIds, falseLeafs, missingTrue, roots) =
            (new List<long>(), new List<double>(), new List<long>(), new List<long>(), new List<long>(), new List<long>(), new List<long>(), new List<long>());
        var (leafTargets, leafWeights) = (new List<long>(), new List<double>());
        for (var t = 0; t < trees.Count; t++)
        {
            var tree = trees[t];
            var (nodeBase, leafBase) = (featureIds.Count, leafWeights.Count);
            roots.Add(nodeBase);
            if (tree.Feature.Count == 0)
            {
                // A single leaf: TreeEnsemble roots are nodes, so a split whose both sides reach that leaf.
                featureIds.Add(0); splits.Add(0); missingTrue.Add(0);
                trueIds.Add(leafBase); trueLeafs.Add(1); falseIds.Add(leafBase); falseLeafs.Add(1);
            }
            for (var n = 0; n < tree.Feature.Count; n++)
            {
                featureIds.Add(tree.Feature[n]);
                splits.Add(tree.Threshold[n]);
                missingTrue.Add(tree.MissingLeft[n] ? 1 : 0);
                trueIds.Add(Child(tree.Left[n], nodeBase, leafBase)); trueLeafs.Add(tree.Left[n] < 0 ? 1 : 0);
                falseIds.Add(Child(tree.Right[n], nodeBase, leafBase)); falseLeafs.Add(tree.Right[n] < 0 ? 1 : 0);
            }
            foreach (var leaf in tree.Leaves)
            {
                leafTargets.Add(t % classes);
                leafWeights.Add(leaf);
            }
        }
        if (trees.Count == 0) return LinearSums(graph, features, new double[featureCount * classes], classes); // zeros, N × classes
        return graph.Add("TreeEnsemble", [features],
        [
            OnnxAttribute.Int("aggregate_function", 1), // SUM
            OnnxAttribute.Ints("leaf_targetids", leafTargets),
            OnnxAttribute.Doubles("leaf_weights", leafWeights),
            OnnxAttribute.Int("n_targets", classes),
            OnnxAttribute.Ints("nodes_falseleafs", falseLeafs),
            OnnxAttribute.Ints("nodes_falsenodeids", falseIds),
            OnnxAttribute.Ints("nodes_featureids", featureIds),
            OnnxAttribute.Ints("nodes_missing_value_tracks_true", missingTrue),
            OnnxAttribute.Bytes("nodes_modes", new byte[featureIds.Count]), // 0: BRANCH_LEQ
            OnnxAttribute.Doubles("nodes_splits", splits),
            OnnxAttribute.Ints("nodes_trueleafs", trueLeafs),
            OnnxAttribute.Ints("nodes_truenodeids", trueIds),
            OnnxAttribute.Int("post_transform", 0), // NONE: the link follows as its own node
            OnnxAttribute.Ints("tree_roots", roots),
        ], MlDomain);
    }

    /// <summary>A child in the ensemble's numbering: nodes and leaves each counted across all trees.</summary>
    private static long Child(int child, int nodeBase, int leafBase) => child >= 0 ? nodeBase + child : leafBase + ~child;
}
