namespace MLOps.Runtime;

/// <summary>
/// The trees of a model flattened into arrays for scoring: one pass per tree from the root to a leaf, no
/// allocation. Leaves are stored as negative child indices (bitwise complement), as in the model file.
/// </summary>
internal sealed class TreeEnsemble
{
    private readonly int[] _roots;
    private readonly int[] _feature;
    private readonly double[] _threshold;
    private readonly bool[] _missingLeft;
    private readonly int[] _left;
    private readonly int[] _right;
    private readonly double[] _leaves;

    public TreeEnsemble(IReadOnlyList<TreeSpec> trees, int featureCount, string model)
    {
        _roots = new int[trees.Count];
        var nodes = trees.Sum(t => t.Feature.Count);
        (_feature, _threshold, _missingLeft, _left, _right) = (new int[nodes], new double[nodes], new bool[nodes], new int[nodes], new int[nodes]);
        _leaves = new double[trees.Sum(t => t.Leaves.Count)];
        int nodeBase = 0, leafBase = 0;
        for (var t = 0; t < trees.Count; t++)
        {
            var tree = trees[t];
            if (tree.Leaves.Count == 0 || tree.Threshold.Count != tree.Feature.Count || tree.Left.Count != tree.Feature.Count || tree.Right.Count != tree.Feature.Count || tree.MissingLeft.Count != tree.Feature.Count)
                throw new InvalidDataException($"Model '{model}': tree {t} is malformed (its node arrays differ in length or it has no leaf).");
            _roots[t] = tree.Feature.Count == 0 ? ~leafBase : nodeBase;
            for (var n = 0; n < tree.Feature.Count; n++)
            {
                if ((uint)tree.Feature[n] >= (uint)featureCount)
                    throw new InvalidDataException($"Model '{model}': tree {t} splits on feature {tree.Feature[n]}, but rows have {featureCount} features.");
                _feature[nodeBase + n] = tree.Feature[n];
                _threshold[nodeBase + n] = tree.Threshold[n];
                _missingLeft[nodeBase + n] = tree.MissingLeft[n];
                _left[nodeBase + n] = Rebase(tree.Left[n], nodeBase, leafBase, tree, t, model);
                _right[nodeBase + n] = Rebase(tree.Right[n], nodeBase, leafBase, tree, t, model);
            }
            for (var l = 0; l < tree.Leaves.Count; l++) _leaves[leafBase + l] = tree.Leaves[l];
            nodeBase += tree.Feature.Count;
            leafBase += tree.Leaves.Count;
        }
    }

    /// <summary>The sum of every tree's leaf for one feature vector.</summary>
    public double Sum(ReadOnlySpan<double> features)
    {
        var sum = 0.0;
        foreach (var root in _roots) sum += Leaf(root, features);
        return sum;
    }

    /// <summary>Adds tree t's leaf to <c>sums[t mod sums.Length]</c>: per-class scores of a multiclass ensemble.</summary>
    public void SumByClass(ReadOnlySpan<double> features, Span<double> sums)
    {
        for (var t = 0; t < _roots.Length; t++) sums[t % sums.Length] += Leaf(_roots[t], features);
    }

    private double Leaf(int root, ReadOnlySpan<double> features)
    {
        var node = root;
        while (node >= 0)
        {
            var x = features[_feature[node]];
            node = (double.IsNaN(x) ? _missingLeft[node] : x <= _threshold[node]) ? _left[node] : _right[node];
        }
        return _leaves[~node];
    }

    private static int Rebase(int child, int nodeBase, int leafBase, TreeSpec tree, int t, string model)
    {
        if (child >= 0 ? child >= tree.Feature.Count : ~child >= tree.Leaves.Count)
            throw new InvalidDataException($"Model '{model}': tree {t} points at a node or leaf it does not have.");
        return child >= 0 ? child + nodeBase : ~(~child + leafBase);
    }
}
