using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MLOps.Runtime;

/// <summary>
/// Scores <see cref="SlicedTrees"/> in blocks of 128 rows, 32 to a register, with AVX2 (<see cref="Avx512SlicedScorer"/>
/// takes 64 to a register where the processor has AVX-512). Ranks are counted four values to a register
/// (<see cref="ThresholdCounter.Below(Vector256{double})"/>); each tree's leaf bytes are folded in registers from their
/// slots' nodes (the node's index and mask broadcast once for the four registers, then per register a byte compare of
/// 32 ranks read from memory, an OR and an AND), its exit leaves found with byte operations and stored, and the leaf values added to the sums one by one in tree order (AMD's gathers
/// are slower): the same bits as the walk from root to leaf.
/// </summary>
internal sealed class Avx2SlicedScorer : IBatchScorer
{
    private const int Lanes = 32;                // rows to a register
    private const int Registers = 4;             // registers to a block: their leaf bytes and exits take 12 of the 16
    private const int Block = Registers * Lanes; // rows to a block

    private readonly SlicedTrees _trees;

    private Avx2SlicedScorer(SlicedTrees trees) => _trees = trees;

    /// <summary>The scorer for these trees, or null when they do not fit it or the processor lacks AVX2.</summary>
    public static IBatchScorer? TryCreate(SlicedTrees? trees) => trees is not null && Avx2.IsSupported ? new Avx2SlicedScorer(trees) : null;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void SumBatch(ReadOnlySpan<double> features, int width, Span<double> sums, int classes)
    {
        var rows = sums.Length / classes;
        // Feature f's ranks of a block's rows 32h to 32h + 31 at 4f + h; pooled, so a call allocates nothing.
        var rank = ArrayPool<Vector256<byte>>.Shared.Rent(Registers * width);
        var missing = ArrayPool<Vector256<byte>>.Shared.Rent(Registers * width);
        var exits = ArrayPool<byte>.Shared.Rent(_trees.Trees * Block);
        for (var r = 0; r < rows; r += Block)
        {
            var count = Math.Min(Block, rows - r);
            var anyMissing = false;
            for (var h = 0; h < Registers; h++) anyMissing |= Rank(features, width, r + h * Lanes, Math.Clamp(count - h * Lanes, 0, Lanes), rank, missing, h);
            RowPrefetch.Next(features[Math.Min(features.Length, (r + Block) * width)..], Block * width);
            for (var t = 0; t < _trees.Trees; t++) ExitLeaves(t, rank, missing, anyMissing, exits.AsSpan(t * Block, Block));
            if (classes == 1) AddLeaves(exits, sums.Slice(r, count));
            else
                for (var t = 0; t < _trees.Trees; t++) _trees.AddExitLeaves(t, exits.AsSpan(t * Block, count), sums, r, classes);
        }
        ArrayPool<Vector256<byte>>.Shared.Return(rank);
        ArrayPool<Vector256<byte>>.Shared.Return(missing);
        ArrayPool<byte>.Shared.Return(exits);
    }

    /// <summary>
    /// Adds each tree's exit leaf to the block's sums, tree after tree, as the walk does. Leaf values are loaded one by
    /// one (a gather is slower on AMD's processors), eight rows at a time so that eight sums' additions overlap.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AddLeaves(byte[] exits, Span<double> sums)
    {
        ref var values0 = ref MemoryMarshal.GetArrayDataReference(_trees.LeafValues);
        ref var exits0 = ref MemoryMarshal.GetArrayDataReference(exits);
        var trees = _trees.Trees;
        var i = 0;
        for (; i + 8 <= sums.Length; i += 8)
        {
            double s0 = sums[i], s1 = sums[i + 1], s2 = sums[i + 2], s3 = sums[i + 3], s4 = sums[i + 4], s5 = sums[i + 5], s6 = sums[i + 6], s7 = sums[i + 7];
            ref var exit = ref Unsafe.Add(ref exits0, i);
            ref var values = ref values0;
            for (var t = 0; t < trees; t++, exit = ref Unsafe.Add(ref exit, Block), values = ref Unsafe.Add(ref values, LeafBits.MaxLeaves))
            {
                s0 += Unsafe.Add(ref values, exit);
                s1 += Unsafe.Add(ref values, Unsafe.Add(ref exit, 1));
                s2 += Unsafe.Add(ref values, Unsafe.Add(ref exit, 2));
                s3 += Unsafe.Add(ref values, Unsafe.Add(ref exit, 3));
                s4 += Unsafe.Add(ref values, Unsafe.Add(ref exit, 4));
                s5 += Unsafe.Add(ref values, Unsafe.Add(ref exit, 5));
                s6 += Unsafe.Add(ref values, Unsafe.Add(ref exit, 6));
                s7 += Unsafe.Add(ref values, Unsafe.Add(ref exit, 7));
            }
            (sums[i], sums[i + 1], sums[i + 2], sums[i + 3]) = (s0, s1, s2, s3);
            (sums[i + 4], sums[i + 5], sums[i + 6], sums[i + 7]) = (s4, s5, s6, s7);
        }
        for (; i < sums.Length; i++)
        {
            var s = sums[i];
            for (var t = 0; t < trees; t++) s += Unsafe.Add(ref values0, t * LeafBits.MaxLeaves + Unsafe.Add(ref exits0, t * Block + i));
            sums[i] = s;
        }
    }

    /// <summary>
    /// Each row's rank per used feature (the thresholds below its value, XOR 0x80 for signed compares) and which rows
    /// miss the feature; true when any row misses any of them. A full block is counted by <see cref="RankBlock"/>, the
    /// last rows of a batch value by value.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool Rank(ReadOnlySpan<double> features, int width, int from, int count, Vector256<byte>[] rank, Vector256<byte>[] missing, int half)
    {
        if (count == Lanes) return RankBlock(features.Slice(from * width, Lanes * width), width, rank, missing, half);
        Span<byte> ranks = stackalloc byte[Lanes];
        Span<byte> nan = stackalloc byte[Lanes];
        var anyMissing = false;
        foreach (var f in _trees.UsedFeatures)
        {
            ranks.Clear();
            nan.Clear();
            var counter = _trees.Ranks[f];
            for (var i = 0; i < count; i++)
            {
                var x = features[(from + i) * width + f];
                ranks[i] = (byte)counter.Below(x);
                nan[i] = double.IsNaN(x) ? byte.MaxValue : (byte)0; // NaN is below no threshold: rank 0, left everywhere
            }
            rank[Registers * f + half] = Vector256.Create<byte>(ranks) ^ Vector256.Create((byte)0x80);
            missing[Registers * f + half] = Vector256.Create<byte>(nan);
            anyMissing |= missing[Registers * f + half] != Vector256<byte>.Zero;
        }
        return anyMissing;
    }

    /// <summary>
    /// <see cref="Rank"/> for 32 rows, four values to a register: which run of thresholds holds each value's count (all
    /// 32 first, into memory), then the count in that run, so the second rounds wait on no register of the first.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool RankBlock(ReadOnlySpan<double> block, int width, Vector256<byte>[] rank, Vector256<byte>[] missing, int half)
    {
        ref var x0 = ref MemoryMarshal.GetReference(block);
        Span<Vector256<long>> ranks = stackalloc Vector256<long>[Lanes / 4];
        Span<Vector256<long>> nans = stackalloc Vector256<long>[Lanes / 4];
        Span<Vector256<double>> values = stackalloc Vector256<double>[Lanes / 4];
        Span<long> starts = stackalloc long[Lanes];
        var anyMissing = Vector256<long>.Zero;
        foreach (var f in _trees.UsedFeatures)
        {
            var counter = _trees.Ranks[f];
            var nan = Vector256<long>.Zero;
            for (var q = 0; q < ranks.Length; q++)
            {
                ref var row = ref Unsafe.Add(ref x0, 4 * q * width + f);
                var x = values[q] = Vector256.Create(row, Unsafe.Add(ref row, width), Unsafe.Add(ref row, 2 * width), Unsafe.Add(ref row, 3 * width));
                counter.RunStarts(x).CopyTo(starts[(4 * q)..]);
                nans[q] = ~Vector256.Equals(x, x).AsInt64();
                nan |= nans[q];
            }
            for (var q = 0; q < ranks.Length; q++) ranks[q] = counter.Below(values[q], ref starts[4 * q]);
            rank[Registers * f + half] = Bytes(ranks) ^ Vector256.Create((byte)0x80);
            missing[Registers * f + half] = nan == Vector256<long>.Zero ? Vector256<byte>.Zero : Bytes(nans);
            anyMissing |= nan;
        }
        return anyMissing != Vector256<long>.Zero;
    }

    /// <summary>The low bytes of 32 lanes (eight registers of four), in order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<byte> Bytes(ReadOnlySpan<Vector256<long>> v) =>
        Vector256.Narrow(
            Vector256.Narrow(Vector256.Narrow(v[0], v[1]), Vector256.Narrow(v[2], v[3])),
            Vector256.Narrow(Vector256.Narrow(v[4], v[5]), Vector256.Narrow(v[6], v[7]))).AsByte();

    /// <summary>
    /// Tree t's exit leaf for each of the block's 128 rows, into <paramref name="exit"/>: 8 × (its first nonzero leaf byte)
    /// + that byte's lowest set bit. Each leaf byte is folded in four registers from the nodes whose left subtree covers
    /// some of its leaves and never stored. Bytes are folded from the last, so the first nonzero one is the last taken.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void ExitLeaves(int t, Vector256<byte>[] shiftedRanks, Vector256<byte>[] missing, bool anyMissing, Span<byte> exit)
    {
        ref var entries0 = ref MemoryMarshal.GetArrayDataReference(_trees.KeepEntries);
        ref var slotEntries0 = ref MemoryMarshal.GetArrayDataReference(_trees.SlotEntries);
        ref var ranks0 = ref MemoryMarshal.GetArrayDataReference(shiftedRanks);
        var (index0, first0, index1, first1) = (Vector256<byte>.Zero, Vector256<byte>.Zero, Vector256<byte>.Zero, Vector256<byte>.Zero);
        var (index2, first2, index3, first3) = (Vector256<byte>.Zero, Vector256<byte>.Zero, Vector256<byte>.Zero, Vector256<byte>.Zero);
        for (var k = _trees.LeafBytes[t] - 1; k >= 0; k--)
        {
            var slot = t * 8 + k;
            var (bits0, bits1, bits2, bits3) = (Vector256<byte>.AllBitsSet, Vector256<byte>.AllBitsSet, Vector256<byte>.AllBitsSet, Vector256<byte>.AllBitsSet);
            // Walked by reference, the entry's feature zero-extended: the loop's scalar work is small beside its vector work.
            ref var node = ref Unsafe.Add(ref entries0, Unsafe.Add(ref slotEntries0, slot));
            for (ref var end = ref Unsafe.Add(ref entries0, Unsafe.Add(ref slotEntries0, slot + 1)); Unsafe.IsAddressLessThan(ref node, ref end); node = ref Unsafe.Add(ref node, 1))
            {
                ref var ranks = ref Unsafe.Add(ref ranks0, (nint)node.Feature * Registers);
                var (above, keep) = (Vector256.Create(node.Index).AsSByte(), Vector256.Create(node.Mask));
                bits0 &= Avx2.CompareGreaterThan(above, ranks.AsSByte()).AsByte() | keep;
                bits1 &= Avx2.CompareGreaterThan(above, Unsafe.Add(ref ranks, 1).AsSByte()).AsByte() | keep;
                bits2 &= Avx2.CompareGreaterThan(above, Unsafe.Add(ref ranks, 2).AsSByte()).AsByte() | keep;
                bits3 &= Avx2.CompareGreaterThan(above, Unsafe.Add(ref ranks, 3).AsSByte()).AsByte() | keep;
            }
            if (anyMissing)
                for (var e = _trees.SlotMissingEntries[slot]; e < _trees.SlotMissingEntries[slot + 1]; e++)
                {
                    var entry = _trees.MissingEntries[e];
                    var mask = Vector256.Create(entry.Mask);
                    bits0 = Vector256.AndNot(bits0, missing[Registers * entry.Feature] & mask);
                    bits1 = Vector256.AndNot(bits1, missing[Registers * entry.Feature + 1] & mask);
                    bits2 = Vector256.AndNot(bits2, missing[Registers * entry.Feature + 2] & mask);
                    bits3 = Vector256.AndNot(bits3, missing[Registers * entry.Feature + 3] & mask);
                }
            var at = Vector256.Create((byte)(8 * k));
            Take(bits0, at, ref index0, ref first0);
            Take(bits1, at, ref index1, ref first1);
            Take(bits2, at, ref index2, ref first2);
            Take(bits3, at, ref index3, ref first3);
        }
        ref var exit0 = ref MemoryMarshal.GetReference(exit);
        Exit(index0, first0).StoreUnsafe(ref exit0);
        Exit(index1, first1).StoreUnsafe(ref exit0, Lanes);
        Exit(index2, first2).StoreUnsafe(ref exit0, 2 * Lanes);
        Exit(index3, first3).StoreUnsafe(ref exit0, 3 * Lanes);
    }

    /// <summary>Rows with some of this leaf byte's leaves left (at bit <paramref name="at"/>) take it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Take(Vector256<byte> bits, Vector256<byte> at, ref Vector256<byte> index, ref Vector256<byte> first)
    {
        var none = Vector256.Equals(bits, Vector256<byte>.Zero);
        index = Avx2.BlendVariable(at, index, none);
        first = Avx2.BlendVariable(bits, first, none);
    }

    /// <summary>For a byte shuffle: the position of the one set bit of nibbles 1, 2, 4 and 8 in a byte's low nibble, 0 for others.</summary>
    private static Vector128<byte> LowNibbleBit => Vector128.Create((byte)0, 0, 1, 0, 2, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0);

    /// <summary>The same in a byte's high nibble.</summary>
    private static Vector128<byte> HighNibbleBit => Vector128.Create((byte)0, 4, 5, 0, 6, 0, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0);

    /// <summary>The exit leaf: the taken byte's first bit plus the position of its lowest set bit (isolated as x &amp; −x).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<byte> Exit(Vector256<byte> index, Vector256<byte> first)
    {
        var lowest = first & (Vector256<byte>.Zero - first);
        var nibble = Vector256.Create((byte)0x0F);
        var (low, high) = (Vector256.Create(LowNibbleBit, LowNibbleBit), Vector256.Create(HighNibbleBit, HighNibbleBit));
        return index | Avx2.Shuffle(low, lowest & nibble) | Avx2.Shuffle(high, Vector256.ShiftRightLogical(lowest.AsUInt16(), 4).AsByte() & nibble);
    }
}
