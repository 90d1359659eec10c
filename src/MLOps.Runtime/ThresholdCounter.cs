using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MLOps.Runtime;

/// <summary>
/// Counts how many of at most 255 ascending thresholds lie below a value, with no branch on the value and no chain of
/// dependent loads as a binary search has: the thresholds, padded with +∞ to 256, are compared in two rounds, every
/// 16th first (which picks the run of 16 holding the answer), then that run, eight to a <see cref="Vector512{T}"/>
/// where the processor has them, else four to a <see cref="Vector256{T}"/> (the same counts). NaN is below nothing.
/// Tree binning and the batch tree scorers count this way; the AVX-512 scorer counts eight values at once.
/// </summary>
internal readonly struct ThresholdCounter
{
    public const int MaxThresholds = 255;

    private readonly double[] _padded;
    private readonly Vector512<double> _coarse0, _coarse1; // every 16th threshold
    private readonly bool _wide;                            // thresholds past the first 128 runs: the second register counts
    private readonly bool _shortRuns;                       // at most 127 thresholds: 16 runs of 8 for the eight-lane count
    private readonly double[] _byOffset;                    // the runs transposed: run r's v-th threshold at v × 16 + r
    private readonly int _fullRuns;                         // runs of 16 whose last threshold is finite: the four-lane count's first round

    public ThresholdCounter(ReadOnlySpan<double> ascending)
    {
        if (ascending.Length > MaxThresholds) throw new ArgumentException($"At most {MaxThresholds} thresholds can be counted.", nameof(ascending));
        _padded = new double[256];
        _padded.AsSpan().Fill(double.PositiveInfinity);
        ascending.CopyTo(_padded);
        Span<double> coarse = stackalloc double[16];
        for (var i = 0; i < coarse.Length; i++) coarse[i] = _padded[16 * i + 15];
        _coarse0 = Vector512.Create<double>(coarse);
        _coarse1 = Vector512.Create<double>(coarse[8..]);
        _wide = coarse[8] != double.PositiveInfinity;
        _shortRuns = ascending.Length < 128;
        _fullRuns = ascending.Length / 16;
        var run = _shortRuns ? 8 : 16;
        _byOffset = new double[256];
        for (var i = 0; i < 16 * run; i++) _byOffset[i % run * 16 + i / run] = _padded[i];
    }

    /// <summary>
    /// How many thresholds are below each of eight values (0 for NaN). Every compare is independent of the others, so
    /// the processor overlaps them: first each value against every run's last threshold (which of 16 runs), then against
    /// the rest of its run, each lane's picked from a register by a permute. Runs are 8 long for up to 127 thresholds,
    /// else 16. Needs AVX-512.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<long> Below(Vector512<double> x)
    {
        ref var table = ref MemoryMarshal.GetArrayDataReference(_byOffset);
        // Compares give −1 where true: the sums below are negative counts.
        if (_shortRuns)
        {
            var shortRun = -Runs(ref Unsafe.Add(ref table, 7 * 16), x);
            var withinShort = (InRun(ref table, 0, shortRun, x) + InRun(ref table, 2, shortRun, x))
                + (InRun(ref table, 4, shortRun, x) + Vector512.LessThan(At(ref table, 6, shortRun), x).AsInt64());
            return (shortRun << 3) - withinShort;
        }
        var run = -Runs(ref Unsafe.Add(ref table, 15 * 16), x);
        var within = ((InRun(ref table, 0, run, x) + InRun(ref table, 2, run, x)) + (InRun(ref table, 4, run, x) + InRun(ref table, 6, run, x)))
            + ((InRun(ref table, 8, run, x) + InRun(ref table, 10, run, x)) + (InRun(ref table, 12, run, x) + Vector512.LessThan(At(ref table, 14, run), x).AsInt64()));
        return (run << 4) - within;
    }

    /// <summary>−(how many of the first 15 runs' last thresholds are below x): the run, negated.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<long> Runs(ref double last, Vector512<double> x) =>
        ((Pair(ref last, 0, x) + Pair(ref last, 2, x)) + (Pair(ref last, 4, x) + Pair(ref last, 6, x)))
        + ((Pair(ref last, 8, x) + Pair(ref last, 10, x)) + (Pair(ref last, 12, x) + Vector512.LessThan(Vector512.Create(Unsafe.Add(ref last, 14)), x).AsInt64()));

    /// <summary>−(how many of thresholds i and i + 1 of a row of the table are below x), in each lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<long> Pair(ref double row, int i, Vector512<double> x) =>
        Vector512.LessThan(Vector512.Create(Unsafe.Add(ref row, i)), x).AsInt64() + Vector512.LessThan(Vector512.Create(Unsafe.Add(ref row, i + 1)), x).AsInt64();

    /// <summary>−(how many of each lane's run's thresholds at offsets v and v + 1 are below x).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<long> InRun(ref double table, int v, Vector512<long> run, Vector512<double> x) =>
        Vector512.LessThan(At(ref table, v, run), x).AsInt64() + Vector512.LessThan(At(ref table, v + 1, run), x).AsInt64();

    /// <summary>Each lane's run's threshold at <paramref name="offset"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> At(ref double table, int offset, Vector512<long> run) =>
        Avx512F.PermuteVar8x64x2(Vector512.LoadUnsafe(ref table, (nuint)(offset * 16)), run, Vector512.LoadUnsafe(ref table, (nuint)(offset * 16 + 8)));

    /// <summary>
    /// Where the run of 16 thresholds that decides each of four values' count starts: 16 × (how many runs' last threshold
    /// is below the value; runs ending in +∞ are below nothing, so only full runs are compared). One compare per run
    /// for four values, in place of four per value in <see cref="Below(double)"/>'s first round.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<long> RunStarts(Vector256<double> x)
    {
        ref var padded = ref MemoryMarshal.GetArrayDataReference(_padded);
        var runs = Vector256<long>.Zero; // compares give −1 where true
        for (var r = 0; r < _fullRuns; r++) runs += Vector256.LessThan(Vector256.Create(Unsafe.Add(ref padded, 16 * r + 15)), x).AsInt64();
        return -runs << 4;
    }

    /// <summary>
    /// How many thresholds are below each of four values (0 for NaN), with AVX2: which run of 16 as <see cref="RunStarts"/>
    /// finds it, then each value against its run's 16 thresholds in four compares, the four values' compare counts summed
    /// across registers at the end instead of one by one. Needs AVX2.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<long> Below(Vector256<double> x)
    {
        Span<long> starts = stackalloc long[4];
        RunStarts(x).CopyTo(starts);
        return Below(x, ref MemoryMarshal.GetReference(starts));
    }

    /// <summary>
    /// <see cref="Below(Vector256{double})"/> given where the four values' runs start (<see cref="RunStarts"/>, read
    /// from memory: a block's first rounds can all run before its second rounds, which then wait on no register).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<long> Below(Vector256<double> x, ref long starts)
    {
        ref var padded = ref MemoryMarshal.GetArrayDataReference(_padded);
        // Compares give −1 where true: negative counts, four per value, summed below.
        var c0 = InRun(ref Unsafe.Add(ref padded, (nint)starts), Avx2.Permute4x64(x, 0b00_00_00_00));
        var c1 = InRun(ref Unsafe.Add(ref padded, (nint)Unsafe.Add(ref starts, 1)), Avx2.Permute4x64(x, 0b01_01_01_01));
        var c2 = InRun(ref Unsafe.Add(ref padded, (nint)Unsafe.Add(ref starts, 2)), Avx2.Permute4x64(x, 0b10_10_10_10));
        var c3 = InRun(ref Unsafe.Add(ref padded, (nint)Unsafe.Add(ref starts, 3)), Avx2.Permute4x64(x, 0b11_11_11_11));
        var c01 = Avx2.UnpackLow(c0, c1) + Avx2.UnpackHigh(c0, c1); // c0's halves' sums and c1's, per 128-bit lane
        var c23 = Avx2.UnpackLow(c2, c3) + Avx2.UnpackHigh(c2, c3);
        return Vector256.LoadUnsafe(ref starts) - (Avx2.Permute2x128(c01, c23, 0x20) + Avx2.Permute2x128(c01, c23, 0x31));
    }

    /// <summary>−(how many of a run's 16 thresholds are below the value in every lane of <paramref name="x"/>), in four lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<long> InRun(ref double run, Vector256<double> x) =>
        (Vector256.LessThan(Vector256.LoadUnsafe(ref run), x).AsInt64() + Vector256.LessThan(Vector256.LoadUnsafe(ref run, 4), x).AsInt64())
        + (Vector256.LessThan(Vector256.LoadUnsafe(ref run, 8), x).AsInt64() + Vector256.LessThan(Vector256.LoadUnsafe(ref run, 12), x).AsInt64());

    /// <summary>How many thresholds are below <paramref name="x"/>, given where its run starts (<see cref="RunStarts"/>): the second round of <see cref="Below(double)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Below(double x, int runStart)
    {
        ref var run = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_padded), runStart);
        var value = Vector256.Create(x);
        return runStart + Count(Vector256.LoadUnsafe(ref run), Vector256.LoadUnsafe(ref run, 4), Vector256.LoadUnsafe(ref run, 8), Vector256.LoadUnsafe(ref run, 12), value);
    }

    /// <summary>How many thresholds are below <paramref name="x"/> (0 for NaN).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Below(double x)
    {
        ref var padded = ref MemoryMarshal.GetArrayDataReference(_padded);
        if (Vector512.IsHardwareAccelerated)
        {
            var value = Vector512.Create(x);
            var coarse = Vector512.LessThan(_coarse0, value).ExtractMostSignificantBits();
            if (_wide) coarse |= Vector512.LessThan(_coarse1, value).ExtractMostSignificantBits() << 8;
            var run = 16 * BitOperations.PopCount(coarse);
            ref var at = ref Unsafe.Add(ref padded, run);
            return run + BitOperations.PopCount(Vector512.LessThan(Vector512.LoadUnsafe(ref at), value).ExtractMostSignificantBits()
                | Vector512.LessThan(Vector512.LoadUnsafe(ref at, 8), value).ExtractMostSignificantBits() << 8);
        }
        return Below(x, 16 * Count(_coarse0.GetLower(), _coarse0.GetUpper(), _coarse1.GetLower(), _coarse1.GetUpper(), Vector256.Create(x)));
    }

    private static int Count(Vector256<double> a, Vector256<double> b, Vector256<double> c, Vector256<double> d, Vector256<double> value) =>
        BitOperations.PopCount(Vector256.LessThan(a, value).ExtractMostSignificantBits()
            | Vector256.LessThan(b, value).ExtractMostSignificantBits() << 4
            | Vector256.LessThan(c, value).ExtractMostSignificantBits() << 8
            | Vector256.LessThan(d, value).ExtractMostSignificantBits() << 12);
}
