using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MLOps.Runtime;

/// <summary>
/// Scores <see cref="SlicedTrees"/> 32 rows to a register with AVX2 (<see cref="Avx512SlicedScorer"/> takes 64 where
/// the processor has AVX-512). Ranks are counted in two rounds, the first (which run of 16 thresholds) four values to a
/// register; each tree's leaf bytes are folded in registers from their slots' nodes (one byte compare of 32 ranks and
/// one AND per node), its exit leaves found with byte operations, and its leaf values gathered into eight register
/// sums in tree order: the same bits as the walk from root to leaf.
/// </summary>
internal sealed class Avx2SlicedScorer : IBatchScorer
{
    private const int Lanes = 32;

    private readonly SlicedTrees _trees;

    private Avx2SlicedScorer(SlicedTrees trees) => _trees = trees;

    /// <summary>The scorer for these trees, or null when they do not fit it or the processor lacks AVX2.</summary>
    public static IBatchScorer? TryCreate(SlicedTrees? trees) => trees is not null && Avx2.IsSupported ? new Avx2SlicedScorer(trees) : null;

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
            var anyMissing = Rank(features, width, r, count, rank, missing);
            if (classes == 1 && count == Lanes)
            {
                AddLeaves(rank, missing, anyMissing, sums.Slice(r, Lanes));
                continue;
            }
            for (var t = 0; t < _trees.Trees; t++)
            {
                ExitLeaves(t, rank, missing, anyMissing).CopyTo(exit);
                _trees.AddExitLeaves(t, exit[..count], sums, r, classes);
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
        fixed (double* values0 = _trees.LeafValues)
        {
            for (var t = 0; t < _trees.Trees; t++)
            {
                var exit = ExitLeaves(t, rank, missing, anyMissing);
                var values = values0 + t * LeafBits.MaxLeaves;
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

    /// <summary>
    /// Each row's rank per used feature (the thresholds below its value, XOR 0x80 for signed compares) and which rows
    /// miss the feature; true when any row misses any of them. A full block is counted by <see cref="RankBlock"/>, the
    /// last rows of a batch value by value.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool Rank(ReadOnlySpan<double> features, int width, int from, int count, Vector256<byte>[] rank, Vector256<byte>[] missing)
    {
        if (count == Lanes) return RankBlock(features.Slice(from * width, Lanes * width), width, rank, missing);
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
            rank[f] = Vector256.Create<byte>(ranks) ^ Vector256.Create((byte)0x80);
            missing[f] = Vector256.Create<byte>(nan);
            anyMissing |= missing[f] != Vector256<byte>.Zero;
        }
        return anyMissing;
    }

    /// <summary>
    /// <see cref="Rank"/> for 32 rows: which run of thresholds holds each value's count is found four values to a
    /// register, then each value is counted in its run.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool RankBlock(ReadOnlySpan<double> block, int width, Vector256<byte>[] rank, Vector256<byte>[] missing)
    {
        ref var x0 = ref MemoryMarshal.GetReference(block);
        Span<long> starts = stackalloc long[Lanes];
        Span<byte> ranks = stackalloc byte[Lanes];
        Span<Vector256<long>> nans = stackalloc Vector256<long>[Lanes / 4];
        var anyMissing = Vector256<long>.Zero;
        foreach (var f in _trees.UsedFeatures)
        {
            var counter = _trees.Ranks[f];
            var nan = Vector256<long>.Zero;
            for (var q = 0; q < nans.Length; q++)
            {
                ref var row = ref Unsafe.Add(ref x0, 4 * q * width + f);
                var x = Vector256.Create(row, Unsafe.Add(ref row, width), Unsafe.Add(ref row, 2 * width), Unsafe.Add(ref row, 3 * width));
                counter.RunStarts(x).CopyTo(starts[(4 * q)..]);
                nans[q] = ~Vector256.Equals(x, x).AsInt64();
                nan |= nans[q];
            }
            for (var i = 0; i < Lanes; i++) ranks[i] = (byte)counter.Below(Unsafe.Add(ref x0, i * width + f), (int)starts[i]);
            rank[f] = Vector256.Create<byte>(ranks) ^ Vector256.Create((byte)0x80);
            missing[f] = nan == Vector256<long>.Zero ? Vector256<byte>.Zero : Bytes(nans);
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
    /// Tree t's exit leaf for each of the 32 rows: 8 × (its first nonzero leaf byte) + that byte's lowest set bit. Each
    /// leaf byte is folded in a register from the nodes whose left subtree covers some of its leaves (one byte compare
    /// of 32 ranks and one AND per node) and never stored.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Vector256<byte> ExitLeaves(int t, Vector256<byte>[] shiftedRanks, Vector256<byte>[] missing, bool anyMissing)
    {
        ref var entries0 = ref MemoryMarshal.GetArrayDataReference(_trees.Entries);
        ref var slotEntries0 = ref MemoryMarshal.GetArrayDataReference(_trees.SlotEntries);
        ref var ranks0 = ref MemoryMarshal.GetArrayDataReference(shiftedRanks);
        var found = Vector256<byte>.Zero;
        var index = Vector256<byte>.Zero;
        var first = Vector256<byte>.Zero;
        for (var k = 0; k < _trees.LeafBytes[t]; k++)
        {
            var slot = t * 8 + k;
            var bits = Vector256<byte>.AllBitsSet;
            for (int e = Unsafe.Add(ref slotEntries0, slot), last = Unsafe.Add(ref slotEntries0, slot + 1); e < last; e++)
            {
                ref var entry = ref Unsafe.Add(ref entries0, e);
                var right = Avx2.CompareGreaterThan(Unsafe.Add(ref ranks0, entry.Feature).AsSByte(), Vector256.Create(entry.Index).AsSByte()).AsByte();
                bits = Vector256.AndNot(bits, right & Vector256.Create(entry.Mask));
            }
            if (anyMissing)
                for (var e = _trees.SlotMissingEntries[slot]; e < _trees.SlotMissingEntries[slot + 1]; e++)
                {
                    var entry = _trees.MissingEntries[e];
                    bits = Vector256.AndNot(bits, missing[entry.Feature] & Vector256.Create(entry.Mask));
                }
            var take = ~Vector256.Equals(bits, Vector256<byte>.Zero) & ~found;
            index |= take & Vector256.Create((byte)(8 * k));
            first |= take & bits;
            found |= take;
        }
        // The lowest set bit's position: isolate it (x & −x), then look its nibble up.
        var lowest = first & (Vector256<byte>.Zero - first);
        var positions = Vector256.Create(LeafBits.BitOfNibble, LeafBits.BitOfNibble);
        var low = Avx2.Shuffle(positions, lowest & Vector256.Create((byte)0x0F));
        var high = Avx2.Shuffle(positions, Vector256.ShiftRightLogical(lowest.AsUInt16(), 4).AsByte() & Vector256.Create((byte)0x0F)) + Vector256.Create((byte)4);
        var isLow = ~Vector256.Equals(lowest & Vector256.Create((byte)0x0F), Vector256<byte>.Zero);
        return index + Vector256.ConditionalSelect(isLow, low, high);
    }
}
