using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MLOps.Runtime;

/// <summary>
/// Scores <see cref="SlicedTrees"/> 64 rows to a register with AVX-512. A block's rows are first turned column-wise
/// (eight rows by eight features at a time, in registers), then each feature's 64 ranks are counted eight lanes at a
/// time (<see cref="ThresholdCounter.Below(Vector512{double})"/>). Each tree's leaf bytes are folded in registers from
/// their slots' nodes (one byte compare of 64 ranks and one ternary-logic op per node), its exit leaves found with byte
/// operations, and its leaf values picked with permutes from registers, not gathers: row 8q + j's sum is lane q of
/// register j. Leaves are summed in tree order, the same bits as the walk from root to leaf.
/// </summary>
internal sealed class Avx512SlicedScorer : IBatchScorer
{
    private const int Lanes = 64;

    private readonly SlicedTrees _trees;

    private Avx512SlicedScorer(SlicedTrees trees) => _trees = trees;

    /// <summary>The scorer for these trees, or null when they do not fit it or the processor lacks AVX-512.</summary>
    public static IBatchScorer? TryCreate(SlicedTrees? trees) =>
        trees is not null && Avx512BW.IsSupported && Avx512F.VL.IsSupported ? new Avx512SlicedScorer(trees) : null;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void SumBatch(ReadOnlySpan<double> features, int width, Span<double> sums, int classes)
    {
        var rows = sums.Length / classes;
        // Pooled, so a call allocates nothing (512 bytes of columns and 128 of ranks a feature); entries of features no
        // tree reads are never written nor read.
        var rank = ArrayPool<Vector512<byte>>.Shared.Rent(width);
        var missing = ArrayPool<Vector512<byte>>.Shared.Rent(width);
        var columns = ArrayPool<double>.Shared.Rent(Lanes * width);
        Span<byte> exit = stackalloc byte[Lanes];
        Span<double> strided = stackalloc double[Lanes];
        for (var r = 0; r < rows; r += Lanes)
        {
            var count = Math.Min(Lanes, rows - r);
            Columns(features, width, r, count, columns);
            RowPrefetch.Next(features[Math.Min(features.Length, (r + Lanes) * width)..], Lanes * width);
            var anyMissing = Rank(columns, rank, missing);
            if (classes == 1 && count == Lanes)
            {
                var block = sums.Slice(r, Lanes);
                for (var i = 0; i < Lanes; i++) strided[(i & 7) * 8 + (i >> 3)] = block[i];
                AddLeaves(rank, missing, anyMissing, strided);
                for (var i = 0; i < Lanes; i++) block[i] = strided[(i & 7) * 8 + (i >> 3)];
                continue;
            }
            for (var t = 0; t < _trees.Trees; t++)
            {
                ExitLeaves(t, rank, missing, anyMissing).CopyTo(exit);
                _trees.AddExitLeaves(t, exit[..count], sums, r, classes);
            }
        }
        ArrayPool<double>.Shared.Return(columns);
        ArrayPool<Vector512<byte>>.Shared.Return(rank);
        ArrayPool<Vector512<byte>>.Shared.Return(missing);
    }

    /// <summary>The block's rows feature by feature: feature f of row i at f × 64 + i (missing rows left at 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Columns(ReadOnlySpan<double> features, int width, int from, int count, double[] columns)
    {
        if (count < Lanes || width < 8)
        {
            Array.Clear(columns);
            for (var i = 0; i < count; i++)
                for (var f = 0; f < width; f++) columns[f * Lanes + i] = features[(from + i) * width + f];
            return;
        }
        ref var rows = ref Unsafe.Add(ref MemoryMarshal.GetReference(features), from * width);
        ref var column0 = ref MemoryMarshal.GetArrayDataReference(columns);
        for (var i = 0; i < Lanes; i += 8, rows = ref Unsafe.Add(ref rows, 8 * width))
            // Eight features at a time; the last eight end at the row's end (some are written twice, with the same values).
            for (var f = 0; ; f = Math.Min(f + 8, width - 8))
            {
                Transpose(ref Unsafe.Add(ref rows, f), width, ref Unsafe.Add(ref column0, f * Lanes + i));
                if (f == width - 8) break;
            }
    }

    /// <summary>Eight rows' values of eight features (rows <paramref name="stride"/> apart) into eight columns, 64 apart.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose(ref double x, int stride, ref double column)
    {
        var r0 = Vector512.LoadUnsafe(ref x);
        var r1 = Vector512.LoadUnsafe(ref x, (nuint)stride);
        var r2 = Vector512.LoadUnsafe(ref x, (nuint)(2 * stride));
        var r3 = Vector512.LoadUnsafe(ref x, (nuint)(3 * stride));
        var r4 = Vector512.LoadUnsafe(ref x, (nuint)(4 * stride));
        var r5 = Vector512.LoadUnsafe(ref x, (nuint)(5 * stride));
        var r6 = Vector512.LoadUnsafe(ref x, (nuint)(6 * stride));
        var r7 = Vector512.LoadUnsafe(ref x, (nuint)(7 * stride));
        // Pairs of rows in each 128-bit lane, then lanes 0 and 2 (or 1 and 3) of two pairs, then of two quartets.
        var (t0, t1) = (Avx512F.UnpackLow(r0, r1), Avx512F.UnpackHigh(r0, r1));
        var (t2, t3) = (Avx512F.UnpackLow(r2, r3), Avx512F.UnpackHigh(r2, r3));
        var (t4, t5) = (Avx512F.UnpackLow(r4, r5), Avx512F.UnpackHigh(r4, r5));
        var (t6, t7) = (Avx512F.UnpackLow(r6, r7), Avx512F.UnpackHigh(r6, r7));
        const byte Even = 0b10_00_10_00, Odd = 0b11_01_11_01;
        var (u0, u1) = (Avx512F.Shuffle4x128(t0, t2, Even), Avx512F.Shuffle4x128(t0, t2, Odd));
        var (u2, u3) = (Avx512F.Shuffle4x128(t1, t3, Even), Avx512F.Shuffle4x128(t1, t3, Odd));
        var (v0, v1) = (Avx512F.Shuffle4x128(t4, t6, Even), Avx512F.Shuffle4x128(t4, t6, Odd));
        var (v2, v3) = (Avx512F.Shuffle4x128(t5, t7, Even), Avx512F.Shuffle4x128(t5, t7, Odd));
        Avx512F.Shuffle4x128(u0, v0, Even).StoreUnsafe(ref column);
        Avx512F.Shuffle4x128(u2, v2, Even).StoreUnsafe(ref column, Lanes);
        Avx512F.Shuffle4x128(u1, v1, Even).StoreUnsafe(ref column, 2 * Lanes);
        Avx512F.Shuffle4x128(u3, v3, Even).StoreUnsafe(ref column, 3 * Lanes);
        Avx512F.Shuffle4x128(u0, v0, Odd).StoreUnsafe(ref column, 4 * Lanes);
        Avx512F.Shuffle4x128(u2, v2, Odd).StoreUnsafe(ref column, 5 * Lanes);
        Avx512F.Shuffle4x128(u1, v1, Odd).StoreUnsafe(ref column, 6 * Lanes);
        Avx512F.Shuffle4x128(u3, v3, Odd).StoreUnsafe(ref column, 7 * Lanes);
    }

    /// <summary>
    /// Each used feature's 64 ranks (XOR 0x80, for signed compares) and which rows miss it; true when any row misses
    /// any of them. NaN is below every threshold: rank 0, left everywhere unless a node sends missing values right.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool Rank(double[] columns, Vector512<byte>[] rank, Vector512<byte>[] missing)
    {
        var anyMissing = Vector512<long>.Zero;
        foreach (var f in _trees.UsedFeatures)
        {
            ref var column = ref columns[f * Lanes];
            var counter = _trees.Ranks[f];
            var (x0, x1, x2, x3) = (Vector512.LoadUnsafe(ref column), Vector512.LoadUnsafe(ref column, 8), Vector512.LoadUnsafe(ref column, 16), Vector512.LoadUnsafe(ref column, 24));
            var (x4, x5, x6, x7) = (Vector512.LoadUnsafe(ref column, 32), Vector512.LoadUnsafe(ref column, 40), Vector512.LoadUnsafe(ref column, 48), Vector512.LoadUnsafe(ref column, 56));
            rank[f] = Bytes(counter.Below(x0), counter.Below(x1), counter.Below(x2), counter.Below(x3),
                counter.Below(x4), counter.Below(x5), counter.Below(x6), counter.Below(x7)) ^ Vector512.Create((byte)0x80);
            var nan = (Nan(x0) | Nan(x1)) | (Nan(x2) | Nan(x3)) | (Nan(x4) | Nan(x5)) | (Nan(x6) | Nan(x7));
            missing[f] = nan == Vector512<long>.Zero ? Vector512<byte>.Zero : Bytes(Nan(x0), Nan(x1), Nan(x2), Nan(x3), Nan(x4), Nan(x5), Nan(x6), Nan(x7));
            anyMissing |= nan;
        }
        return anyMissing != Vector512<long>.Zero;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<long> Nan(Vector512<double> x) => ~Vector512.Equals(x, x).AsInt64();

    /// <summary>The low bytes of 64 lanes (eight registers of eight), in order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<byte> Bytes(Vector512<long> a, Vector512<long> b, Vector512<long> c, Vector512<long> d,
        Vector512<long> e, Vector512<long> f, Vector512<long> g, Vector512<long> h)
    {
        static Vector128<byte> Two(Vector512<long> low, Vector512<long> high) =>
            Sse2.UnpackLow(Avx512F.ConvertToVector128Byte(low).AsUInt64(), Avx512F.ConvertToVector128Byte(high).AsUInt64()).AsByte();
        return Vector512.Create(Vector256.Create(Two(a, b), Two(c, d)), Vector256.Create(Two(e, f), Two(g, h)));
    }

    /// <summary>
    /// Adds each tree's exit leaf to the 64 rows' sums, tree after tree. Register j's lane q is row 8q + j, so shifting
    /// the exit bytes (as eight 64-bit lanes) right by 8j puts row 8q + j's leaf in lane q's low bits, where a permute
    /// reads its index: the leaf values come from registers, up to 16 to a two-register permute.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void AddLeaves(Vector512<byte>[] rank, Vector512<byte>[] missing, bool anyMissing, Span<double> strided)
    {
        ref var sum0 = ref MemoryMarshal.GetReference(strided);
        var s0 = Vector512.LoadUnsafe(ref sum0);
        var s1 = Vector512.LoadUnsafe(ref sum0, 8);
        var s2 = Vector512.LoadUnsafe(ref sum0, 16);
        var s3 = Vector512.LoadUnsafe(ref sum0, 24);
        var s4 = Vector512.LoadUnsafe(ref sum0, 32);
        var s5 = Vector512.LoadUnsafe(ref sum0, 40);
        var s6 = Vector512.LoadUnsafe(ref sum0, 48);
        var s7 = Vector512.LoadUnsafe(ref sum0, 56);
        ref var values0 = ref MemoryMarshal.GetArrayDataReference(_trees.LeafValues);
        ref var leafBytes0 = ref MemoryMarshal.GetArrayDataReference(_trees.LeafBytes);
        for (var t = 0; t < _trees.Trees; t++)
        {
            var exit = ExitLeaves(t, rank, missing, anyMissing).AsInt64();
            ref var values = ref Unsafe.Add(ref values0, t * LeafBits.MaxLeaves);
            var leafBytes = Unsafe.Add(ref leafBytes0, t);
            if (leafBytes <= 2)
            {
                var (a, b) = (Vector512.LoadUnsafe(ref values), Vector512.LoadUnsafe(ref values, 8));
                s0 += Avx512F.PermuteVar8x64x2(a, exit, b);
                s1 += Avx512F.PermuteVar8x64x2(a, exit >>> 8, b);
                s2 += Avx512F.PermuteVar8x64x2(a, exit >>> 16, b);
                s3 += Avx512F.PermuteVar8x64x2(a, exit >>> 24, b);
                s4 += Avx512F.PermuteVar8x64x2(a, exit >>> 32, b);
                s5 += Avx512F.PermuteVar8x64x2(a, exit >>> 40, b);
                s6 += Avx512F.PermuteVar8x64x2(a, exit >>> 48, b);
                s7 += Avx512F.PermuteVar8x64x2(a, exit >>> 56, b);
            }
            else if (leafBytes <= 4)
            {
                var (a, b) = (Vector512.LoadUnsafe(ref values), Vector512.LoadUnsafe(ref values, 8));
                var (c, d) = (Vector512.LoadUnsafe(ref values, 16), Vector512.LoadUnsafe(ref values, 24));
                s0 += Pick32(a, b, c, d, exit);
                s1 += Pick32(a, b, c, d, exit >>> 8);
                s2 += Pick32(a, b, c, d, exit >>> 16);
                s3 += Pick32(a, b, c, d, exit >>> 24);
                s4 += Pick32(a, b, c, d, exit >>> 32);
                s5 += Pick32(a, b, c, d, exit >>> 40);
                s6 += Pick32(a, b, c, d, exit >>> 48);
                s7 += Pick32(a, b, c, d, exit >>> 56);
            }
            else
            {
                s0 += Pick64(ref values, exit);
                s1 += Pick64(ref values, exit >>> 8);
                s2 += Pick64(ref values, exit >>> 16);
                s3 += Pick64(ref values, exit >>> 24);
                s4 += Pick64(ref values, exit >>> 32);
                s5 += Pick64(ref values, exit >>> 40);
                s6 += Pick64(ref values, exit >>> 48);
                s7 += Pick64(ref values, exit >>> 56);
            }
        }
        s0.StoreUnsafe(ref sum0);
        s1.StoreUnsafe(ref sum0, 8);
        s2.StoreUnsafe(ref sum0, 16);
        s3.StoreUnsafe(ref sum0, 24);
        s4.StoreUnsafe(ref sum0, 32);
        s5.StoreUnsafe(ref sum0, 40);
        s6.StoreUnsafe(ref sum0, 48);
        s7.StoreUnsafe(ref sum0, 56);
    }

    /// <summary>Leaf (low 5 bits of each lane) of 32 values in four registers: bit 4 picks the pair.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> Pick32(Vector512<double> a, Vector512<double> b, Vector512<double> c, Vector512<double> d, Vector512<long> leaf)
    {
        var low = Avx512F.PermuteVar8x64x2(a, leaf, b);
        var high = Avx512F.PermuteVar8x64x2(c, leaf, d);
        return Vector512.ConditionalSelect(Vector512.Equals(leaf & Vector512.Create(16L), Vector512<long>.Zero).AsDouble(), low, high);
    }

    /// <summary>Leaf (low 6 bits of each lane) of 64 values: bit 5 picks the half.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> Pick64(ref double values, Vector512<long> leaf)
    {
        var low = Pick32(Vector512.LoadUnsafe(ref values), Vector512.LoadUnsafe(ref values, 8), Vector512.LoadUnsafe(ref values, 16), Vector512.LoadUnsafe(ref values, 24), leaf);
        var high = Pick32(Vector512.LoadUnsafe(ref values, 32), Vector512.LoadUnsafe(ref values, 40), Vector512.LoadUnsafe(ref values, 48), Vector512.LoadUnsafe(ref values, 56), leaf);
        return Vector512.ConditionalSelect(Vector512.Equals(leaf & Vector512.Create(32L), Vector512<long>.Zero).AsDouble(), low, high);
    }

    /// <summary>
    /// Tree t's exit leaf for each of the 64 rows: 8 × (its first nonzero leaf byte) + that byte's lowest set bit. Each
    /// leaf byte is folded in a register from its slot's nodes and never stored.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Vector512<byte> ExitLeaves(int t, Vector512<byte>[] shiftedRanks, Vector512<byte>[] missing, bool anyMissing)
    {
        ref var entries0 = ref MemoryMarshal.GetArrayDataReference(_trees.Entries);
        ref var slotEntries0 = ref MemoryMarshal.GetArrayDataReference(_trees.SlotEntries);
        ref var ranks0 = ref MemoryMarshal.GetArrayDataReference(shiftedRanks);
        var found = Vector512<byte>.Zero;
        var index = Vector512<byte>.Zero;
        var first = Vector512<byte>.Zero;
        for (var k = 0; k < _trees.LeafBytes[t]; k++)
        {
            var slot = t * 8 + k;
            var bits = Vector512<byte>.AllBitsSet;
            for (int e = Unsafe.Add(ref slotEntries0, slot), last = Unsafe.Add(ref slotEntries0, slot + 1); e < last; e++)
            {
                ref var entry = ref Unsafe.Add(ref entries0, e);
                var right = Vector512.GreaterThan(Unsafe.Add(ref ranks0, entry.Feature).AsSByte(), Vector512.Create(entry.Index).AsSByte()).AsByte();
                bits = Avx512F.TernaryLogic(bits, right, Vector512.Create(entry.Mask), 0x70); // bits & ~(right & mask)
            }
            if (anyMissing)
                for (var e = _trees.SlotMissingEntries[slot]; e < _trees.SlotMissingEntries[slot + 1]; e++)
                {
                    var entry = _trees.MissingEntries[e];
                    bits = Avx512F.TernaryLogic(bits, missing[entry.Feature], Vector512.Create(entry.Mask), 0x70);
                }
            var take = ~Vector512.Equals(bits, Vector512<byte>.Zero) & ~found;
            index |= take & Vector512.Create((byte)(8 * k));
            first |= take & bits;
            found |= take;
        }
        // The lowest set bit's position: isolate it (x & −x), then look its nibble up.
        var lowest = first & (Vector512<byte>.Zero - first);
        var nibble = LeafBits.BitOfNibble;
        var positions = Vector512.Create(Vector256.Create(nibble, nibble), Vector256.Create(nibble, nibble));
        var lowNibble = lowest & Vector512.Create((byte)0x0F);
        var low = Avx512BW.Shuffle(positions, lowNibble);
        var high = Avx512BW.Shuffle(positions, Vector512.ShiftRightLogical(lowest.AsUInt16(), 4).AsByte() & Vector512.Create((byte)0x0F)) + Vector512.Create((byte)4);
        return index + Vector512.ConditionalSelect(~Vector512.Equals(lowNibble, Vector512<byte>.Zero), low, high);
    }
}
