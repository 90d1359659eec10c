using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MLOps.Runtime;

/// <summary>
/// Scores rows through every tree at once, feature by feature instead of tree by tree (QuickScorer, Lucchese et
/// al., SIGIR 2015), four rows to a register. Each tree keeps a bit per leaf, leaves numbered left to right. A node
/// a row leaves to the right rules out the leaves of its left subtree, so its bits are cleared. The row's exit leaf
/// is then the lowest bit still set. For one feature, the nodes are sorted by threshold, so a row's walk through
/// them stops at the first threshold it does not pass. No node depends on another, so nothing waits on a load the
/// way a walk from root to leaf does. Leaves are summed in tree order, which gives the same bits as that walk. Trees
/// of up to 64 leaves only.
/// </summary>
internal sealed class QuickScorer : IBatchScorer
{
    private readonly int _trees;
    // Per feature, its nodes ascending by threshold: [_start[f], _start[f + 1]).
    private readonly int[] _start;
    private readonly double[] _threshold;
    private readonly ulong[] _leftLeaves; // bits of the leaves in the node's left subtree
    private readonly int[] _tree;
    private readonly bool[] _missingRight;
    private readonly bool _anyMissingRight;
    // Leaf values by tree and left-to-right position: tree t's leaf p at t * LeafBits.MaxLeaves + p.
    private readonly double[] _leafValues;

    private QuickScorer(IReadOnlyList<TreeSpec> trees, int featureCount)
    {
        _trees = trees.Count;
        var (nodes, leafValues, _) = LeafBits.Number(trees);
        _leafValues = leafValues;
        var sorted = nodes.OrderBy(n => n.Feature).ThenBy(n => n.Threshold).ThenBy(n => n.Tree).ThenBy(n => n.Index).ToArray();
        _start = new int[featureCount + 1];
        foreach (var n in sorted) _start[n.Feature + 1]++;
        for (var f = 0; f < featureCount; f++) _start[f + 1] += _start[f];
        _threshold = sorted.Select(n => n.Threshold).ToArray();
        _leftLeaves = sorted.Select(n => n.Left).ToArray();
        _tree = sorted.Select(n => n.Tree).ToArray();
        _missingRight = sorted.Select(n => n.MissingRight).ToArray();
        _anyMissingRight = _missingRight.Any(m => m);
    }

    /// <summary>The scorer for these trees, or null when a tree has more leaves than its bits.</summary>
    public static IBatchScorer? TryCreate(IReadOnlyList<TreeSpec> trees, int featureCount) =>
        LeafBits.Fit(trees) ? new QuickScorer(trees, featureCount) : null;

    /// <summary>Adds every tree's leaf to each row's sum, as <see cref="TreeEnsemble.SumBatch"/> does.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void SumBatch(ReadOnlySpan<double> features, int width, Span<double> sums, int classes)
    {
        var rows = sums.Length / classes;
        var leaves = ArrayPool<Vector256<ulong>>.Shared.Rent(_trees); // pooled: a call allocates nothing
        Span<double> row4 = stackalloc double[4];
        for (var r = 0; r < rows; r += 4)
        {
            var count = Math.Min(4, rows - r);
            leaves.AsSpan(0, _trees).Fill(Vector256<ulong>.AllBitsSet);
            for (var f = 0; f < width; f++)
            {
                row4.Fill(double.NegativeInfinity); // rows past the end pass no threshold
                for (var i = 0; i < count; i++) row4[i] = features[(r + i) * width + f];
                var x = Vector256.Create<double>(row4);
                Narrow(leaves, f, x);
            }
            for (var i = 0; i < count; i++)
                for (var t = 0; t < _trees; t++)
                    sums[(r + i) * classes + t % classes] += _leafValues[t * LeafBits.MaxLeaves + BitOperations.TrailingZeroCount(leaves[t].GetElement(i))];
        }
        ArrayPool<Vector256<ulong>>.Shared.Return(leaves);
    }

    /// <summary>Clears, in every tree, the leaves feature <paramref name="f"/> rules out for the four rows' values <paramref name="x"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Narrow(Vector256<ulong>[] leaves, int f, Vector256<double> x)
    {
        ref var leaves0 = ref MemoryMarshal.GetArrayDataReference(leaves);
        ref var threshold0 = ref MemoryMarshal.GetArrayDataReference(_threshold);
        ref var left0 = ref MemoryMarshal.GetArrayDataReference(_leftLeaves);
        ref var tree0 = ref MemoryMarshal.GetArrayDataReference(_tree);
        var end = _start[f + 1];
        for (var k = _start[f]; k < end; k++)
        {
            // x > threshold is false for NaN: a missing value goes left here, and right below where the node says so.
            var right = Vector256.GreaterThan(x, Vector256.Create(Unsafe.Add(ref threshold0, k))).AsUInt64();
            if (right == Vector256<ulong>.Zero) break; // thresholds only grow from here
            ref var bits = ref Unsafe.Add(ref leaves0, Unsafe.Add(ref tree0, k));
            bits = Vector256.AndNot(bits, right & Vector256.Create(Unsafe.Add(ref left0, k)));
        }
        if (!_anyMissingRight) return;
        var missing = (~Vector256.Equals(x, x)).AsUInt64();
        if (missing == Vector256<ulong>.Zero) return;
        for (var k = _start[f]; k < end; k++)
        {
            if (!_missingRight[k]) continue;
            ref var bits = ref Unsafe.Add(ref leaves0, Unsafe.Add(ref tree0, k));
            bits = Vector256.AndNot(bits, missing & Vector256.Create(Unsafe.Add(ref left0, k)));
        }
    }
}
