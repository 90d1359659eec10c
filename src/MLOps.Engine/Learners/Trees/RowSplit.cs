using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MLOps.Engine.Learners.Trees;

/// <summary>
/// Sends a leaf's rows to the side of a split their bin falls on: the lefts fill the output from the front in row order,
/// the rights fill it from the back in reverse row order. With AVX2, eight rows at a time: their bins gathered, compared
/// at once, and each side's rows packed together by one permutation looked up by the comparison's bit mask. The output
/// is the same on every instruction set.
/// </summary>
internal static class RowSplit
{
    // Per 8-bit mask of the rows going left: the permutation packing them into the low lanes in order, and the one packing
    // the others into the high lanes in reverse order.
    private static readonly int[] LeftLanes = Lanes(left: true), RightLanes = Lanes(left: false);

    /// <summary>Splits <paramref name="rows"/> into <paramref name="output"/> (as long); returns how many go left.</summary>
    /// <remarks>The rows must be indices into <paramref name="bins"/>.</remarks>
    /// <param name="splitBin">Rows with 1 ≤ bin ≤ this go left.</param>
    /// <param name="missingLeft">Whether bin 0 (missing values) goes left.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe int Split(ReadOnlySpan<int> rows, byte[] bins, int splitBin, bool missingLeft, Span<int> output)
    {
        if (output.Length < rows.Length) throw new ArgumentException("The output must hold every row.", nameof(output)); // the stores are unchecked
        fixed (byte* pinned = bins) // the gathers read through a pointer
            return Split(rows, pinned, splitBin, missingLeft, output);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe int Split(ReadOnlySpan<int> rows, byte* bins, int splitBin, bool missingLeft, Span<int> output)
    {
        int i = 0, l = 0, r = rows.Length;
        ref var row0 = ref MemoryMarshal.GetReference(rows);
        ref var out0 = ref MemoryMarshal.GetReference(output);
        var missingBin = missingLeft ? 0 : -1; // bin 0 (missing) goes left only when the split says so
        if (Avx2.IsSupported && rows.Length >= 16)
        {
            // While 16 or more rows remain, the 8-lane stores of either side land in the gap between the sides.
            var above = Vector256.Create(splitBin + 1);
            var missing = Vector256.Create(missingBin);
            for (; rows.Length - i >= 16; i += 8)
            {
                var block = Vector256.LoadUnsafe(ref row0, (nuint)i);
                var bin = Bins(bins, block);
                var goesLeft = (Vector256.GreaterThan(bin, Vector256<int>.Zero) & Vector256.GreaterThan(above, bin)) | Vector256.Equals(bin, missing);
                var mask = (int)Avx.MoveMask(goesLeft.AsSingle());
                var lefts = BitOperations.PopCount((uint)mask);
                Avx2.PermuteVar8x32(block, Vector256.LoadUnsafe(ref LeftLanes[0], (nuint)(mask * 8))).StoreUnsafe(ref out0, (nuint)l);
                Avx2.PermuteVar8x32(block, Vector256.LoadUnsafe(ref RightLanes[0], (nuint)(mask * 8))).StoreUnsafe(ref out0, (nuint)(r - 8));
                l += lefts;
                r -= 8 - lefts;
            }
        }
        // Branch-free: a split sends rows either way at random, so a branch would be mispredicted half the time. Each row
        // is written to both ends and the side it belongs to keeps it.
        for (; i < rows.Length; i++)
        {
            var row = Unsafe.Add(ref row0, i);
            int bin = bins[(uint)row];
            var goesLeft = (uint)(bin - 1) < (uint)splitBin | bin == missingBin; // 1 ≤ bin ≤ split bin, or missing sent left
            Unsafe.Add(ref out0, l) = row;
            Unsafe.Add(ref out0, r - 1) = row;
            var step = Unsafe.BitCast<bool, byte>(goesLeft);
            l += step;
            r -= 1 - step;
        }
        return l;
    }

    /// <summary>
    /// The bins of eight rows: each lane reads the four bytes ending at its row's bin and keeps the top one, so no read
    /// goes past the array's end (the first rows read into the array's length field, before its data).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe Vector256<int> Bins(byte* bins, Vector256<int> rows)
    {
        var words = Avx2.GatherVector256((int*)(bins - 3), rows, 1);
        return Vector256.ShiftRightLogical(words, 24);
    }

    private static int[] Lanes(bool left)
    {
        var lanes = new int[256 * 8];
        for (var mask = 0; mask < 256; mask++)
        {
            int low = 0, high = 7;
            for (var lane = 0; lane < 8; lane++)
            {
                var isLeft = (mask >> lane & 1) == 1;
                if (left && isLeft) lanes[mask * 8 + low++] = lane;
                if (!left && !isLeft) lanes[mask * 8 + high--] = lane;
            }
        }
        return lanes;
    }
}
