using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MLOps.Runtime;

/// <summary>
/// The trees of a model flattened into arrays for scoring: one pass per tree from the root to a leaf, no
/// allocation. Leaves are stored as negative child indices (bitwise complement), as in the model file; a node's
/// children sit side by side (left at 2n, right at 2n + 1) so a step picks one by index, without a branch.
/// </summary>
internal sealed class TreeEnsemble
{
    private readonly int[] _roots;
    private readonly int[] _depth;
    private readonly int[] _feature;
    private readonly double[] _threshold;
    private readonly byte[] _missingRight; // 1 when a missing value goes right
    private readonly int[] _children;
    private readonly double[] _leaves;
    private readonly IBatchScorer? _batch;
    private readonly int _featureCount;

    public TreeEnsemble(IReadOnlyList<TreeSpec> trees, int featureCount, string model)
    {
        _roots = new int[trees.Count];
        _featureCount = featureCount;
        var nodes = trees.Sum(t => t.Feature.Count);
        (_feature, _threshold, _missingRight, _children) = (new int[nodes], new double[nodes], new byte[nodes], new int[2 * nodes]);
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
                _missingRight[nodeBase + n] = tree.MissingLeft[n] ? (byte)0 : (byte)1;
                _children[2 * (nodeBase + n)] = Rebase(tree.Left[n], nodeBase, leafBase, tree, t, model);
                _children[2 * (nodeBase + n) + 1] = Rebase(tree.Right[n], nodeBase, leafBase, tree, t, model);
            }
            for (var l = 0; l < tree.Leaves.Count; l++) _leaves[leafBase + l] = tree.Leaves[l];
            nodeBase += tree.Feature.Count;
            leafBase += tree.Leaves.Count;
        }
        _depth = _roots.Select(Depth).ToArray();
        var sliced = SlicedTrees.TryCreate(trees, featureCount);
        _batch = Avx512SlicedScorer.TryCreate(sliced) ?? Avx2SlicedScorer.TryCreate(sliced) ?? QuickScorer.TryCreate(trees, featureCount);
    }

    private int Depth(int node) => node < 0 ? 0 : 1 + Math.Max(Depth(_children[2 * node]), Depth(_children[2 * node + 1]));

    /// <summary>
    /// Adds every tree's leaf for each row of a row-major feature matrix (rows × <paramref name="width"/>) to
    /// <c>sums[row]</c> (tree t to <c>sums[row × classes + t mod classes]</c>), by the first of
    /// <see cref="Avx512SlicedScorer"/>, <see cref="Avx2SlicedScorer"/> and <see cref="QuickScorer"/> that the trees and
    /// the processor allow. Otherwise four rows go down a tree together, each step free of branches (a row at a leaf
    /// stays there), so their walks overlap instead of waiting on mispredicted jumps.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void SumBatch(ReadOnlySpan<double> features, int width, Span<double> sums, int classes = 1)
    {
        if (_batch is not null)
        {
            _batch.SumBatch(features, width, sums, classes);
            return;
        }
        var rows = sums.Length / classes;
        ref var x0 = ref MemoryMarshal.GetReference(features);
        ref var feature0 = ref MemoryMarshal.GetArrayDataReference(_feature);
        ref var threshold0 = ref MemoryMarshal.GetArrayDataReference(_threshold);
        ref var missingRight0 = ref MemoryMarshal.GetArrayDataReference(_missingRight);
        ref var children0 = ref MemoryMarshal.GetArrayDataReference(_children);
        // Blocks of rows small enough to stay in cache while every tree walks them (a pass over all rows per tree
        // would stream the whole feature matrix once per tree).
        const int Block = 64;
        for (var blockStart = 0; blockStart < rows; blockStart += Block)
        {
            var blockEnd = Math.Min(rows, blockStart + Block);
            for (var t = 0; t < _roots.Length; t++)
            {
                var (root, depth, c) = (_roots[t], _depth[t], t % classes);
                var r = blockStart;
                for (; r + 4 <= blockEnd; r += 4)
                {
                    // Four walks in registers, stepped together: independent chains the processor overlaps.
                    int n0 = root, n1 = root, n2 = root, n3 = root;
                    ref var row0 = ref Unsafe.Add(ref x0, r * width);
                    ref var row1 = ref Unsafe.Add(ref row0, width);
                    ref var row2 = ref Unsafe.Add(ref row1, width);
                    ref var row3 = ref Unsafe.Add(ref row2, width);
                    for (var d = 0; d < depth && (n0 & n1 & n2 & n3) >= 0; d++)
                    {
                        n0 = Step(n0, ref row0, ref feature0, ref threshold0, ref missingRight0, ref children0);
                        n1 = Step(n1, ref row1, ref feature0, ref threshold0, ref missingRight0, ref children0);
                        n2 = Step(n2, ref row2, ref feature0, ref threshold0, ref missingRight0, ref children0);
                        n3 = Step(n3, ref row3, ref feature0, ref threshold0, ref missingRight0, ref children0);
                    }
                    sums[r * classes + c] += _leaves[~n0];
                    sums[(r + 1) * classes + c] += _leaves[~n1];
                    sums[(r + 2) * classes + c] += _leaves[~n2];
                    sums[(r + 3) * classes + c] += _leaves[~n3];
                }
                for (; r < blockEnd; r++) sums[r * classes + c] += Leaf(root, features.Slice(r * width, width));
            }
        }
    }

    /// <summary>One step down without a branch: a walk at a leaf (negative index) stays there.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Step(int n, ref double row, ref int feature0, ref double threshold0, ref byte missingRight0, ref int children0)
    {
        var atLeaf = n >> 31;      // −1 at a leaf, else 0
        var at = n & ~atLeaf;      // a real node to read (0 at a leaf; its answer is ignored)
        var x = Unsafe.Add(ref row, Unsafe.Add(ref feature0, at));
        var right = Unsafe.BitCast<bool, byte>(x > Unsafe.Add(ref threshold0, at))
            | (Unsafe.BitCast<bool, byte>(double.IsNaN(x)) & Unsafe.Add(ref missingRight0, at));
        var next = Unsafe.Add(ref children0, 2 * at + right);
        return (n & atLeaf) | (next & ~atLeaf);
    }

    /// <summary>The sum of every tree's leaf for one feature vector.</summary>
    public double Sum(ReadOnlySpan<double> features)
    {
        Span<double> sum = [0.0];
        SumByClass(features, sum);
        return sum[0];
    }

    /// <summary>
    /// Adds tree t's leaf to <c>sums[t mod sums.Length]</c> (per-class scores of a multiclass ensemble). Four trees go
    /// down together, each step free of branches, so their walks overlap; leaves are added in tree order, which gives
    /// the same bits as one tree at a time.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void SumByClass(ReadOnlySpan<double> features, Span<double> sums)
    {
        if (features.Length < _featureCount) throw new ArgumentException($"The model needs {_featureCount} features; {features.Length} were given.", nameof(features));
        ref var row = ref MemoryMarshal.GetReference(features);
        ref var feature0 = ref MemoryMarshal.GetArrayDataReference(_feature);
        ref var threshold0 = ref MemoryMarshal.GetArrayDataReference(_threshold);
        ref var missingRight0 = ref MemoryMarshal.GetArrayDataReference(_missingRight);
        ref var children0 = ref MemoryMarshal.GetArrayDataReference(_children);
        var classes = sums.Length;
        var t = 0;
        for (; t + 4 <= _roots.Length; t += 4)
        {
            int n0 = _roots[t], n1 = _roots[t + 1], n2 = _roots[t + 2], n3 = _roots[t + 3];
            var depth = Math.Max(Math.Max(_depth[t], _depth[t + 1]), Math.Max(_depth[t + 2], _depth[t + 3]));
            for (var d = 0; d < depth && (n0 & n1 & n2 & n3) >= 0; d++)
            {
                n0 = Step(n0, ref row, ref feature0, ref threshold0, ref missingRight0, ref children0);
                n1 = Step(n1, ref row, ref feature0, ref threshold0, ref missingRight0, ref children0);
                n2 = Step(n2, ref row, ref feature0, ref threshold0, ref missingRight0, ref children0);
                n3 = Step(n3, ref row, ref feature0, ref threshold0, ref missingRight0, ref children0);
            }
            sums[t % classes] += _leaves[~n0];
            sums[(t + 1) % classes] += _leaves[~n1];
            sums[(t + 2) % classes] += _leaves[~n2];
            sums[(t + 3) % classes] += _leaves[~n3];
        }
        for (; t < _roots.Length; t++) sums[t % classes] += Leaf(_roots[t], features);
    }

    private double Leaf(int root, ReadOnlySpan<double> features)
    {
        var node = root;
        while (node >= 0)
        {
            var x = features[_feature[node]];
            var right = double.IsNaN(x) ? _missingRight[node] : x <= _threshold[node] ? 0 : 1;
            node = _children[2 * node + right];
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
