using System.Runtime.Intrinsics;

namespace MLOps.Runtime;

/// <summary>
/// The leaf bits the batch scorers work with: a tree's leaves numbered left to right (bit p for leaf p), and for each
/// node the bits of the leaves in its left subtree, which a row that goes right at the node rules out.
/// </summary>
internal static class LeafBits
{
    /// <summary>The most leaves a tree may have: one bit each in 64.</summary>
    public const int MaxLeaves = 64;

    /// <summary>Whether every tree fits <see cref="MaxLeaves"/>.</summary>
    public static bool Fit(IReadOnlyList<TreeSpec> trees) => trees.All(t => t.Leaves.Count <= MaxLeaves);

    /// <summary>
    /// For a byte shuffle: the position of the one set bit of nibbles 1, 2, 4 and 8 (0xFF for others). The batch scorers
    /// find a byte's lowest set bit by isolating it (x &amp; −x) and looking up the nibble that holds it.
    /// </summary>
    public static Vector128<byte> BitOfNibble => Vector128.Create((byte)0xFF, 0, 1, 0xFF, 2, 0xFF, 0xFF, 0xFF, 3, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF);

    /// <summary>A split node with the bits of its left subtree's leaves.</summary>
    public readonly record struct Node(int Tree, int Index, int Feature, double Threshold, bool MissingRight, ulong Left);

    /// <summary>The numbered trees: every node, each leaf's value at tree × 64 + its position, and each tree's number of leaves.</summary>
    public sealed record Numbered(List<Node> Nodes, double[] LeafValues, int[] LeafCounts);

    /// <summary>Numbers the leaves of trees that <see cref="Fit"/>.</summary>
    public static Numbered Number(IReadOnlyList<TreeSpec> trees)
    {
        var (nodes, leafValues, leafCounts) = (new List<Node>(), new double[trees.Count * MaxLeaves], new int[trees.Count]);
        for (var t = 0; t < trees.Count; t++)
        {
            var tree = trees[t];
            var position = 0;
            // The bits of the leaves under child (a node index, or a leaf as its complement).
            ulong Walk(int child)
            {
                if (child < 0)
                {
                    leafValues[t * MaxLeaves + position] = tree.Leaves[~child];
                    return 1UL << position++;
                }
                var left = Walk(tree.Left[child]);
                var right = Walk(tree.Right[child]);
                nodes.Add(new Node(t, child, tree.Feature[child], tree.Threshold[child], !tree.MissingLeft[child], left));
                return left | right;
            }
            Walk(tree.Feature.Count == 0 ? ~0 : 0);
            leafCounts[t] = position;
        }
        return new Numbered(nodes, leafValues, leafCounts);
    }
}
