using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MLOps.Runtime;

/// <summary>
/// Counts how many of at most 255 ascending thresholds lie below a value, with no branch on the value and no chain of
/// dependent loads as a binary search has: the thresholds, padded with +∞ to 256, are compared in two rounds, every
/// 16th first (which picks the run of 16 holding the answer), then that run, eight to a <see cref="Vector512{T}"/>
/// where the processor has them, else four to a <see cref="Vector256{T}"/> (the same counts). NaN is below nothing.
/// Tree binning and the batch tree scorer both count this way.
/// </summary>
internal readonly struct ThresholdCounter
{
    public const int MaxThresholds = 255;

    private readonly double[] _padded;
    private readonly Vector512<double> _coarse0, _coarse1; // every 16th threshold
    private readonly bool _wide;                            // thresholds past the first 128 runs: the second register counts

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
        var narrow = Vector256.Create(x);
        var first = 16 * Count(_coarse0.GetLower(), _coarse0.GetUpper(), _coarse1.GetLower(), _coarse1.GetUpper(), narrow);
        ref var run4 = ref Unsafe.Add(ref padded, first);
        return first + Count(Vector256.LoadUnsafe(ref run4), Vector256.LoadUnsafe(ref run4, 4),
            Vector256.LoadUnsafe(ref run4, 8), Vector256.LoadUnsafe(ref run4, 12), narrow);
    }

    private static int Count(Vector256<double> a, Vector256<double> b, Vector256<double> c, Vector256<double> d, Vector256<double> value) =>
        BitOperations.PopCount(Vector256.LessThan(a, value).ExtractMostSignificantBits()
            | Vector256.LessThan(b, value).ExtractMostSignificantBits() << 4
            | Vector256.LessThan(c, value).ExtractMostSignificantBits() << 8
            | Vector256.LessThan(d, value).ExtractMostSignificantBits() << 12);
}
