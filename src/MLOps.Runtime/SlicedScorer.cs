using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MLOps.Runtime;

/// <summary>
/// <see cref="QuickScorer"/>'s idea with 32 rows to a register, after RapidScorer (Ye et al., KDD 2018). First each
/// row's value of each feature becomes its rank among the feature's distinct thresholds (a byte): a row goes right at
/// a node exactly when its rank exceeds the node's threshold index. Each tree's leaf bits are byte-sliced, byte k of all
/// 32 rows in one register, folded from the nodes whose left subtree covers some of its leaves: one byte compare of 32
/// ranks and one AND per node, nothing stored. A row's exit leaf is the lowest bit still set, found with byte operations
/// for all 32 rows, and leaves are summed in tree order: the same bits as the walk from root to leaf. Needs AVX2, trees
/// of at most 64 leaves and at most 255 distinct thresholds per feature.
/// </summary>
internal sealed class SlicedScorer
{
    private const int Lanes = 32;
    private const int MaxLeaves = 64;

    private readonly int _trees;
    private readonly int[] _leafBytes;      // per tree, the bytes its leaves use (1 to 8); tree t's byte k is slot t × 8 + k
    private readonly ThresholdCounter[] _ranks; // per feature, counts its distinct thresholds below a value: the rank
    // Per slot, the nodes that can clear bits in it, each as feature << 16 | threshold index << 8 | the bits of its
    // left-subtree leaves in this byte: [_slotEntries[s], _slotEntries[s + 1]). The same for nodes that send missing values right.
    private readonly int[] _slotEntries;
    private readonly int[] _entries;
    private readonly int[] _slotMissingEntries;
    private readonly int[] _missingEntries;
    private readonly double[] _leafValues;  // tree t's leaf p (left to right) at t × 64 + p
    // Every byte broadcast to 32 lanes, and every threshold index shifted by 128 (signed compares then order ranks as
    // unsigned ones): small tables read instead of a broadcast per node.
    private readonly Vector256<byte>[] _broadcast = Enumerable.Range(0, 256).Select(b => Vector256.Create((byte)b)).ToArray();
    private readonly Vector256<sbyte>[] _shiftedIndex = Enumerable.Range(0, 256).Select(b => Vector256.Create((sbyte)(b ^ 0x80))).ToArray();

    private SlicedScorer(int[] leafBytes, ThresholdCounter[] ranks, List<int>[] entries, List<int>[] missingEntries, double[] leafValues)
    {
        (_trees, _leafBytes, _ranks, _leafValues) = (leafBytes.Length, leafBytes, ranks, leafValues);
        (_slotEntries, _entries) = Flatten(entries);
        (_slotMissingEntries, _missingEntries) = Flatten(missingEntries);
    }

    private static (int[] Start, int[] Items) Flatten(List<int>[] lists)
    {
        var start = new int[lists.Length + 1];
        for (var i = 0; i < lists.Length; i++) start[i + 1] = start[i] + lists[i].Count;
        return (start, lists.SelectMany(l => l).ToArray());
    }

    /// <summary>The scorer for these trees, or null when they do not fit it (or the processor lacks AVX2).</summary>
    public static SlicedScorer? TryCreate(IReadOnlyList<TreeSpec> trees, int featureCount)
    {
        if (!Avx2.IsSupported || featureCount > short.MaxValue || trees.Any(t => t.Leaves.Count > MaxLeaves)) return null;
        var thresholds = Enumerable.Range(0, featureCount).Select(f => new SortedSet<double>()).ToArray();
        foreach (var tree in trees)
            for (var n = 0; n < tree.Feature.Count; n++) thresholds[tree.Feature[n]].Add(tree.Threshold[n]);
        if (thresholds.Any(t => t.Count > ThresholdCounter.MaxThresholds || t.Any(double.IsNaN))) return null;
        var sortedThresholds = thresholds.Select(t => t.ToArray()).ToArray();
        var ranks = sortedThresholds.Select(t => new ThresholdCounter(t)).ToArray();

        var leafValues = new double[trees.Count * MaxLeaves];
        var leafCounts = new int[trees.Count];
        var (entries, missingEntries) = (new List<int>[trees.Count * 8], new List<int>[trees.Count * 8]);
        for (var slot = 0; slot < entries.Length; slot++) (entries[slot], missingEntries[slot]) = (new List<int>(), new List<int>());
        foreach (var node in LeafBits.Number(trees, leafValues, leafCounts))
        {
            var index = Array.BinarySearch(sortedThresholds[node.Feature], node.Threshold);
            for (var k = 0; k < 8; k++)
            {
                var mask = (byte)(node.Left >> (8 * k));
                if (mask == 0) continue;
                entries[node.Tree * 8 + k].Add(node.Feature << 16 | index << 8 | mask);
                if (node.MissingRight) missingEntries[node.Tree * 8 + k].Add(node.Feature << 16 | mask);
            }
        }
        return new SlicedScorer(leafCounts.Select(c => (c + 7) / 8).ToArray(), ranks, entries, missingEntries, leafValues);
    }

    /// <summary>Adds every tree's leaf to each row's sum, as <see cref="TreeEnsemble.SumBatch"/> does.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void SumBatch(ReadOnlySpan<double> features, int width, Span<double> sums, int classes)
    {
        var rows = sums.Length / classes;
        var rank = new Vector256<byte>[width];
        var missing = new Vector256<byte>[width];
        Span<byte> exit = stackalloc byte[Lanes];
        for (var r = 0; r < rows; r += Lanes)
        {
            var count = Math.Min(Lanes, rows - r);
            Rank(features, width, r, count, rank, missing);
            var anyMissing = false;
            for (var f = 0; f < width; f++)
            {
                anyMissing |= missing[f] != Vector256<byte>.Zero;
                rank[f] ^= Vector256.Create((byte)0x80); // signed compares then order ranks as unsigned ones
            }
            if (classes == 1 && count == Lanes)
            {
                AddLeaves(rank, missing, anyMissing, sums.Slice(r, Lanes));
                continue;
            }
            for (int t = 0, c = 0; t < _trees; t++, c = c + 1 == classes ? 0 : c + 1)
            {
                ExitLeaves(t, rank, missing, anyMissing).CopyTo(exit);
                ref var values = ref _leafValues[t * MaxLeaves];
                for (var i = 0; i < count; i++) sums[(r + i) * classes + c] += Unsafe.Add(ref values, exit[i]);
            }
        }
    }

    /// <summary>
    /// Adds each tree's exit leaf to the 32 rows' sums, tree after tree, as the scalar loop does: the sums stay in eight
    /// registers and each tree's leaf values are gathered four rows at a time.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private unsafe void AddLeaves(Vector256<byte>[] rank, Vector256<byte>[] missing, bool anyMissing, Span<double> sums)
    {
        ref var sum0 = ref MemoryMarshal.GetReference(sums);
        var s0 = Vector256.LoadUnsafe(ref sum0);
        var s1 = Vector256.LoadUnsafe(ref sum0, 4);
        var s2 = Vector256.LoadUnsafe(ref sum0, 8);
        var s3 = Vector256.LoadUnsafe(ref sum0, 12);
        var s4 = Vector256.LoadUnsafe(ref sum0, 16);
        var s5 = Vector256.LoadUnsafe(ref sum0, 20);
        var s6 = Vector256.LoadUnsafe(ref sum0, 24);
        var s7 = Vector256.LoadUnsafe(ref sum0, 28);
        fixed (double* values0 = _leafValues)
        {
            for (var t = 0; t < _trees; t++)
            {
                var exit = ExitLeaves(t, rank, missing, anyMissing);
                var values = values0 + t * MaxLeaves;
                var lower = Avx2.ConvertToVector256Int32(exit.GetLower());                           // rows 0–7
                var upper = Avx2.ConvertToVector256Int32(Sse2.ShiftRightLogical128BitLane(exit.GetLower(), 8)); // rows 8–15
                var lower2 = Avx2.ConvertToVector256Int32(exit.GetUpper());                          // rows 16–23
                var upper2 = Avx2.ConvertToVector256Int32(Sse2.ShiftRightLogical128BitLane(exit.GetUpper(), 8)); // rows 24–31
                s0 += Avx2.GatherVector256(values, lower.GetLower(), 8);
                s1 += Avx2.GatherVector256(values, lower.GetUpper(), 8);
                s2 += Avx2.GatherVector256(values, upper.GetLower(), 8);
                s3 += Avx2.GatherVector256(values, upper.GetUpper(), 8);
                s4 += Avx2.GatherVector256(values, lower2.GetLower(), 8);
                s5 += Avx2.GatherVector256(values, lower2.GetUpper(), 8);
                s6 += Avx2.GatherVector256(values, upper2.GetLower(), 8);
                s7 += Avx2.GatherVector256(values, upper2.GetUpper(), 8);
            }
        }
        s0.StoreUnsafe(ref sum0);
        s1.StoreUnsafe(ref sum0, 4);
        s2.StoreUnsafe(ref sum0, 8);
        s3.StoreUnsafe(ref sum0, 12);
        s4.StoreUnsafe(ref sum0, 16);
        s5.StoreUnsafe(ref sum0, 20);
        s6.StoreUnsafe(ref sum0, 24);
        s7.StoreUnsafe(ref sum0, 28);
    }

    /// <summary>Each row's rank (the thresholds below its value) per feature, and which rows miss the feature.</summary>
    private void Rank(ReadOnlySpan<double> features, int width, int from, int count, Vector256<byte>[] rank, Vector256<byte>[] missing)
    {
        Span<byte> ranks = stackalloc byte[Lanes];
        Span<byte> nan = stackalloc byte[Lanes];
        for (var f = 0; f < width; f++)
        {
            ranks.Clear();
            nan.Clear();
            var counter = _ranks[f];
            for (var i = 0; i < count; i++)
            {
                var x = features[(from + i) * width + f];
                ranks[i] = (byte)counter.Below(x);
                nan[i] = double.IsNaN(x) ? byte.MaxValue : (byte)0; // NaN is below no threshold: rank 0, left everywhere
            }
            rank[f] = Vector256.Create<byte>(ranks);
            missing[f] = Vector256.Create<byte>(nan);
        }
    }

    /// <summary>
    /// Tree t's exit leaf for each of the 32 rows: 8 × (its first nonzero leaf byte) + that byte's lowest set bit. Each
    /// leaf byte is folded in a register from the nodes whose left subtree covers some of its leaves (one byte compare
    /// of 32 ranks and one AND per node) and never stored.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Vector256<byte> ExitLeaves(int t, Vector256<byte>[] shiftedRanks, Vector256<byte>[] missing, bool anyMissing)
    {
        ref var entries0 = ref MemoryMarshal.GetArrayDataReference(_entries);
        ref var slotEntries0 = ref MemoryMarshal.GetArrayDataReference(_slotEntries);
        ref var ranks0 = ref MemoryMarshal.GetArrayDataReference(shiftedRanks);
        ref var broadcast0 = ref MemoryMarshal.GetArrayDataReference(_broadcast);
        ref var shiftedIndex0 = ref MemoryMarshal.GetArrayDataReference(_shiftedIndex);
        var found = Vector256<byte>.Zero;
        var index = Vector256<byte>.Zero;
        var first = Vector256<byte>.Zero;
        for (var k = 0; k < _leafBytes[t]; k++)
        {
            var slot = t * 8 + k;
            var bits = Vector256<byte>.AllBitsSet;
            for (int e = Unsafe.Add(ref slotEntries0, slot), last = Unsafe.Add(ref slotEntries0, slot + 1); e < last; e++)
            {
                var entry = Unsafe.Add(ref entries0, e);
                var right = Avx2.CompareGreaterThan(Unsafe.Add(ref ranks0, entry >> 16).AsSByte(), Unsafe.Add(ref shiftedIndex0, (entry >> 8) & 0xFF)).AsByte();
                bits = Vector256.AndNot(bits, right & Unsafe.Add(ref broadcast0, entry & 0xFF));
            }
            if (anyMissing)
                for (var e = _slotMissingEntries[slot]; e < _slotMissingEntries[slot + 1]; e++)
                    bits = Vector256.AndNot(bits, missing[_missingEntries[e] >> 16] & _broadcast[_missingEntries[e] & 0xFF]);
            var take = ~Vector256.Equals(bits, Vector256<byte>.Zero) & ~found;
            index |= take & Vector256.Create((byte)(8 * k));
            first |= take & bits;
            found |= take;
        }
        // The lowest set bit's position: isolate it (x & −x), then look its nibble up.
        var lowest = first & (Vector256<byte>.Zero - first);
        var positions = Vector256.Create((byte)0xFF, 0, 1, 0xFF, 2, 0xFF, 0xFF, 0xFF, 3, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
            0xFF, 0, 1, 0xFF, 2, 0xFF, 0xFF, 0xFF, 3, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF);
        var low = Avx2.Shuffle(positions, lowest & Vector256.Create((byte)0x0F));
        var high = Avx2.Shuffle(positions, Vector256.ShiftRightLogical(lowest.AsUInt16(), 4).AsByte() & Vector256.Create((byte)0x0F)) + Vector256.Create((byte)4);
        var isLow = ~Vector256.Equals(lowest & Vector256.Create((byte)0x0F), Vector256<byte>.Zero);
        return index + Vector256.ConditionalSelect(isLow, low, high);
    }
}
