using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MLOps.Runtime;

/// <summary>
/// Trees laid out for the byte-sliced batch scorers (<see cref="Avx512SlicedScorer"/>, <see cref="Avx2SlicedScorer"/>),
/// after RapidScorer (Ye et al., KDD 2018). Each row's value of a feature becomes its rank among the feature's distinct
/// thresholds (a byte): a row goes right at a node exactly when its rank exceeds the node's threshold index. A tree's
/// leaves are numbered left to right, and its leaf bits are cut into bytes ("slots"), byte k holding leaves 8k to
/// 8k + 7; each slot lists the nodes whose left subtree covers some of its leaves. A row that goes right at such a node
/// rules those leaves out, and its exit leaf is the lowest bit left. Fits trees of at most 64 leaves and features of at
/// most 255 distinct thresholds.
/// </summary>
internal sealed class SlicedTrees
{
    /// <summary>
    /// A node's part in one slot: its feature, its threshold index XOR 0x80 (signed byte compares then order ranks as
    /// unsigned ones), and the bits of its left-subtree leaves in the slot. Four bytes, so a slot's list stays in cache.
    /// </summary>
    [StructLayout(LayoutKind.Sequential, Pack = 1)]
    public readonly record struct Entry(ushort Feature, byte Index, byte Mask);

    private SlicedTrees(int[] leafBytes, ThresholdCounter[] ranks, List<Entry>[] entries, List<Entry>[] missingEntries, double[] leafValues)
    {
        (Trees, LeafBytes, Ranks, LeafValues) = (leafBytes.Length, leafBytes, ranks, leafValues);
        UsedFeatures = entries.SelectMany(e => e).Select(e => (int)e.Feature).Distinct().Order().ToArray();
        (SlotEntries, Entries) = Flatten(entries);
        // Index + 1 stays a signed byte: indices run to 254, XOR 0x80 to 126.
        KeepEntries = Entries.Select(e => new Entry(e.Feature, (byte)(e.Index + 1), (byte)~e.Mask)).ToArray();
        (SlotMissingEntries, MissingEntries) = Flatten(missingEntries);
    }

    public int Trees { get; }

    /// <summary>Per tree, the slots its leaves use (1 to 8); tree t's slot k is t × 8 + k.</summary>
    public int[] LeafBytes { get; }

    /// <summary>Per feature, counts its distinct thresholds below a value: the rank.</summary>
    public ThresholdCounter[] Ranks { get; }

    /// <summary>The features some node splits on: only their ranks are needed.</summary>
    public int[] UsedFeatures { get; }

    /// <summary>Slot s's nodes are <c>Entries[SlotEntries[s] .. SlotEntries[s + 1]]</c>.</summary>
    public int[] SlotEntries { get; }

    public Entry[] Entries { get; }

    /// <summary>
    /// <see cref="Entries"/> as the AVX2 scorer reads them: the index plus one (a row goes left where this exceeds its
    /// rank, so the compare reads the ranks from memory) and the mask's complement (the bits a row keeps either way).
    /// </summary>
    public Entry[] KeepEntries { get; }

    /// <summary>The same for the nodes that send missing values right (their <see cref="Entry.Index"/> is unused).</summary>
    public int[] SlotMissingEntries { get; }

    public Entry[] MissingEntries { get; }

    /// <summary>Tree t's leaf p (left to right) at t × 64 + p.</summary>
    public double[] LeafValues { get; }

    /// <summary>The layout of these trees, or null when they do not fit it.</summary>
    public static SlicedTrees? TryCreate(IReadOnlyList<TreeSpec> trees, int featureCount)
    {
        if (featureCount > ushort.MaxValue + 1 || !LeafBits.Fit(trees)) return null;
        var thresholds = Enumerable.Range(0, featureCount).Select(f => new SortedSet<double>()).ToArray();
        foreach (var tree in trees)
            for (var n = 0; n < tree.Feature.Count; n++) thresholds[tree.Feature[n]].Add(tree.Threshold[n]);
        if (thresholds.Any(t => t.Count > ThresholdCounter.MaxThresholds || t.Any(double.IsNaN))) return null;
        var sortedThresholds = thresholds.Select(t => t.ToArray()).ToArray();

        var (nodes, leafValues, leafCounts) = LeafBits.Number(trees);
        var (entries, missingEntries) = (new List<Entry>[trees.Count * 8], new List<Entry>[trees.Count * 8]);
        for (var slot = 0; slot < entries.Length; slot++) (entries[slot], missingEntries[slot]) = (new List<Entry>(), new List<Entry>());
        foreach (var node in nodes)
        {
            var index = Array.BinarySearch(sortedThresholds[node.Feature], node.Threshold);
            for (var k = 0; k < 8; k++)
            {
                var mask = (byte)(node.Left >> (8 * k));
                if (mask == 0) continue;
                entries[node.Tree * 8 + k].Add(new Entry((ushort)node.Feature, (byte)(index ^ 0x80), mask));
                if (node.MissingRight) missingEntries[node.Tree * 8 + k].Add(new Entry((ushort)node.Feature, 0, mask));
            }
        }
        return new SlicedTrees(leafCounts.Select(c => (c + 7) / 8).ToArray(), sortedThresholds.Select(t => new ThresholdCounter(t)).ToArray(),
            entries, missingEntries, leafValues);
    }

    /// <summary>
    /// Adds tree t's leaf at each row's exit position to <c>sums[(from + i) × classes + t mod classes]</c>: the scalar
    /// way, for a block's last rows and for models with several classes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void AddExitLeaves(int t, ReadOnlySpan<byte> exit, Span<double> sums, int from, int classes)
    {
        var values = LeafValues.AsSpan(t * LeafBits.MaxLeaves, LeafBits.MaxLeaves);
        var c = t % classes;
        for (var i = 0; i < exit.Length; i++) sums[(from + i) * classes + c] += values[exit[i]];
    }

    private static (int[] Start, Entry[] Items) Flatten(List<Entry>[] lists)
    {
        var start = new int[lists.Length + 1];
        for (var i = 0; i < lists.Length; i++) start[i + 1] = start[i] + lists[i].Count;
        return (start, lists.SelectMany(l => l).ToArray());
    }
}
