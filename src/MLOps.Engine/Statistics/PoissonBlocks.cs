using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MLOps.Engine.Statistics;

/// <summary>
/// <see cref="PoissonWeights"/> for many rows at once, eight per instruction where the machine has 256-bit vectors.
/// Resamples are processed in blocks of <see cref="BlockSize"/> rows so the weights stay in the L1 cache.
/// </summary>
internal static class PoissonBlocks
{
    public const int BlockSize = 2048;

    /// <summary>Weights of the rows <c>first … first + weights.Length − 1</c>.</summary>
    public static void Sequential(PoissonWeights poisson, int first, Span<int> weights)
    {
        var i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var hash = new Hasher512(poisson.Key32);
            var row = Vector512.Create(first) + Vector512.Create(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
            var sixteen = Vector512.Create(16);
            for (; i <= weights.Length - 16; i += 16, row += sixteen)
                hash.Count(row).StoreUnsafe(ref MemoryMarshal.GetReference(weights), (nuint)i);
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            var hash = new Hasher(poisson.Key32);
            var row = Vector256.Create(first) + Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7);
            var eight = Vector256.Create(8);
            for (; i <= weights.Length - 8; i += 8, row += eight)
                hash.Count(row).StoreUnsafe(ref MemoryMarshal.GetReference(weights), (nuint)i);
        }
        for (; i < weights.Length; i++) weights[i] = poisson.Of(first + i);
    }

    /// <summary>Weights of the given rows, in their order (e.g. a model's score order).</summary>
    public static void Of(PoissonWeights poisson, ReadOnlySpan<int> rows, Span<int> weights)
    {
        var i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var hash = new Hasher512(poisson.Key32);
            ref var source = ref MemoryMarshal.GetReference(rows);
            for (; i <= rows.Length - 16; i += 16)
                hash.Count(Vector512.LoadUnsafe(ref source, (nuint)i)).StoreUnsafe(ref MemoryMarshal.GetReference(weights), (nuint)i);
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            var hash = new Hasher(poisson.Key32);
            ref var source = ref MemoryMarshal.GetReference(rows);
            for (; i <= rows.Length - 8; i += 8)
                hash.Count(Vector256.LoadUnsafe(ref source, (nuint)i)).StoreUnsafe(ref MemoryMarshal.GetReference(weights), (nuint)i);
        }
        for (; i < rows.Length; i++) weights[i] = poisson.Of(rows[i]);
    }

    /// <summary>
    /// The hash and the Poisson thresholds as vectors, built once per block so they stay in registers. Unsigned
    /// comparisons become signed ones by flipping the sign bit of both sides once.
    /// </summary>
    private readonly struct Hasher
    {
        private readonly Vector256<int> _key, _t0, _t1, _t2, _t3, _t4, _t5, _t6, _t7, _t8;

        public Hasher(uint key) : this(Vector256.Create((int)key)) { }

        /// <summary>One key per lane: lane k hashes for resample k (see <see cref="ResampleLanes"/>).</summary>
        public Hasher(Vector256<int> keys)
        {
            _key = keys;
            var t = PoissonWeights.Thresholds;
            static Vector256<int> Flip(uint threshold) => Vector256.Create((int)(threshold ^ 0x80000000u));
            (_t0, _t1, _t2, _t3, _t4, _t5, _t6, _t7, _t8) = (Flip(t[0]), Flip(t[1]), Flip(t[2]), Flip(t[3]), Flip(t[4]), Flip(t[5]), Flip(t[6]), Flip(t[7]), Flip(t[8]));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector256<int> Count(Vector256<int> rows) => Finish(rows * Vector256.Create(unchecked((int)PoissonWeights.Multiplier)) + _key);

        /// <summary>One row in every lane: its multiply is done once, in a scalar register.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector256<int> CountOfRow(int row) => Finish(Vector256.Create(unchecked(row * (int)PoissonWeights.Multiplier)) + _key);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private Vector256<int> Finish(Vector256<int> x)
        {
            x ^= Vector256.ShiftRightLogical(x, 16);
            x *= Vector256.Create(unchecked((int)0x85EBCA6Bu));
            x ^= Vector256.ShiftRightLogical(x, 13);
            x *= Vector256.Create(unchecked((int)0xC2B2AE35u));
            x ^= Vector256.ShiftRightLogical(x, 16);
            x ^= Vector256.Create(int.MinValue);
            // Each comparison is all ones (−1) where true: the negated sum is the count. A count above 4 has
            // probability 0.4% per lane, so the five last comparisons are skipped unless some lane needs them.
            var sum = (Vector256.GreaterThan(x, _t0) + Vector256.GreaterThan(x, _t1)) + (Vector256.GreaterThan(x, _t2) + Vector256.GreaterThan(x, _t3));
            var beyond = Vector256.GreaterThan(x, _t4);
            if (beyond != Vector256<int>.Zero)
                sum += beyond + (Vector256.GreaterThan(x, _t5) + Vector256.GreaterThan(x, _t6)) + (Vector256.GreaterThan(x, _t7) + Vector256.GreaterThan(x, _t8));
            return Vector256<int>.Zero - sum;
        }
    }

    /// <summary>
    /// <see cref="Hasher"/> for 16 lanes (AVX-512). The same arithmetic, written out again because .NET 8 has no
    /// width-generic vector API.
    /// </summary>
    private readonly struct Hasher512
    {
        private readonly Vector512<int> _key, _t0, _t1, _t2, _t3, _t4, _t5, _t6, _t7, _t8;

        public Hasher512(uint key) : this(Vector512.Create((int)key)) { }

        /// <summary>One key per lane: lane k hashes for resample k (see <see cref="ResampleLanes"/>).</summary>
        public Hasher512(Vector512<int> keys)
        {
            _key = keys;
            var t = PoissonWeights.Thresholds;
            static Vector512<int> Flip(uint threshold) => Vector512.Create((int)(threshold ^ 0x80000000u));
            (_t0, _t1, _t2, _t3, _t4, _t5, _t6, _t7, _t8) = (Flip(t[0]), Flip(t[1]), Flip(t[2]), Flip(t[3]), Flip(t[4]), Flip(t[5]), Flip(t[6]), Flip(t[7]), Flip(t[8]));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector512<int> Count(Vector512<int> rows) => Finish(rows * Vector512.Create(unchecked((int)PoissonWeights.Multiplier)) + _key);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector512<int> CountOfRow(int row) => Finish(Vector512.Create(unchecked(row * (int)PoissonWeights.Multiplier)) + _key);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private Vector512<int> Finish(Vector512<int> x)
        {
            x ^= Vector512.ShiftRightLogical(x, 16);
            x *= Vector512.Create(unchecked((int)0x85EBCA6Bu));
            x ^= Vector512.ShiftRightLogical(x, 13);
            x *= Vector512.Create(unchecked((int)0xC2B2AE35u));
            x ^= Vector512.ShiftRightLogical(x, 16);
            x ^= Vector512.Create(int.MinValue);
            var sum = (Vector512.GreaterThan(x, _t0) + Vector512.GreaterThan(x, _t1)) + (Vector512.GreaterThan(x, _t2) + Vector512.GreaterThan(x, _t3));
            var beyond = Vector512.GreaterThan(x, _t4);
            if (beyond != Vector512<int>.Zero)
                sum += beyond + (Vector512.GreaterThan(x, _t5) + Vector512.GreaterThan(x, _t6)) + (Vector512.GreaterThan(x, _t7) + Vector512.GreaterThan(x, _t8));
            return Vector512<int>.Zero - sum;
        }
    }

    /// <summary>How many resamples <see cref="ResampleLanes"/> computes at once: one per 32-bit lane of a 512-bit vector, or of two 256-bit ones.</summary>
    public const int Lanes = 16;

    /// <summary>
    /// Resample-parallel weights: for one row, its Poisson weight in 16 resamples at once (lane k for key k). Walks
    /// that visit rows in their own order then advance 16 resamples per row, with no serial dependency across lanes.
    /// With AVX-512 the 16 lanes are one vector (<see cref="Of"/>); with AVX2 two (<see cref="HalvesOf"/>); a
    /// machine with neither computes resamples one at a time. Every way gives each lane the same integers.
    /// </summary>
    public readonly struct ResampleLanes
    {
        private readonly Hasher512 _hash;
        private readonly Hasher _low, _high;

        public ResampleLanes(ReadOnlySpan<ulong> keys)
        {
            Span<int> key32 = stackalloc int[Lanes];
            for (var k = 0; k < Lanes; k++) key32[k] = (int)new PoissonWeights(keys[k]).Key32;
            if (Vector512.IsHardwareAccelerated) _hash = new Hasher512(Vector512.Create((ReadOnlySpan<int>)key32));
            else
            {
                _low = new Hasher(Vector256.Create((ReadOnlySpan<int>)key32[..8]));
                _high = new Hasher(Vector256.Create((ReadOnlySpan<int>)key32[8..]));
            }
        }

        /// <summary>Whether 16 resamples can be walked together on this machine, and with which vectors.</summary>
        public static bool Wide => Vector512.IsHardwareAccelerated;

        public static bool Halves => !Vector512.IsHardwareAccelerated && Vector256.IsHardwareAccelerated && Avx2.IsSupported;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector512<int> Of(int row) => _hash.CountOfRow(row);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public (Vector256<int> Low, Vector256<int> High) HalvesOf(int row) => (_low.CountOfRow(row), _high.CountOfRow(row));
    }
}
