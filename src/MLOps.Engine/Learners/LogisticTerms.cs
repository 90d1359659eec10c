using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MLOps.Engine.Learners;

/// <summary>
/// The per-row terms of the logistic loss for a block of scores <c>z</c>: <c>log(1 + e^z) − y·z</c> and the residual
/// <c>σ(z) − y</c>, four rows at a time. Exponential and logarithm are our own polynomials (a few ulps) in
/// <see cref="Vector256{T}"/> operations, which every machine computes lane by lane with the same IEEE results (in
/// software where it lacks AVX), so a fit gives the same bits anywhere. Math.Exp and Math.Log per row were most of
/// a logistic regression's time.
/// </summary>
internal static class LogisticTerms
{
    private const double Log2E = 1.4426950408889634;
    private const double Ln2High = 6.93147180369123816490e-01; // fdlibm's split of ln 2: n·Ln2High is exact for |n| < 2¹¹
    private const double Ln2Low = 1.90821492927058770002e-10;
    private const double Ln2 = 0.6931471805599453;
    private const double Sqrt2Minus1 = 0.41421356237309503;

    // Coefficients, highest power first: 1/k! for k = 12…0 (exp), and 1/(2k + 1) for k = 11…0 (atanh(s)/s in s²).
    private static readonly double[] ExpTaylor = Enumerable.Range(0, 13).Select(k => 1 / Factorial(12 - k)).ToArray();
    private static readonly double[] AtanhSeries = Enumerable.Range(0, 12).Select(k => 1.0 / (23 - 2 * k)).ToArray();

    private static double Factorial(int n) => n <= 1 ? 1 : n * Factorial(n - 1);

    /// <summary>Horner's rule: the same multiplies and adds, in the same order, in every lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Polynomial(Vector256<double> x, double[] coefficients)
    {
        var p = Vector256.Create(coefficients[0]);
        for (var k = 1; k < coefficients.Length; k++) p = p * x + Vector256.Create(coefficients[k]);
        return p;
    }

    /// <summary>Fills <paramref name="loss"/> and <paramref name="residual"/> (each as long as <paramref name="z"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // optimized from the first call: a fit calls it a few thousand times, not enough to warm up
    public static void Compute(ReadOnlySpan<double> z, ReadOnlySpan<double> y, Span<double> loss, Span<double> residual)
    {
        var zs = MemoryMarshal.Cast<double, Vector256<double>>(z);
        var ys = MemoryMarshal.Cast<double, Vector256<double>>(y);
        var losses = MemoryMarshal.Cast<double, Vector256<double>>(loss);
        var residuals = MemoryMarshal.Cast<double, Vector256<double>>(residual);
        for (var k = 0; k < zs.Length; k++) (losses[k], residuals[k]) = Terms(zs[k], ys[k]);
        var done = zs.Length * Vector256<double>.Count;
        if (done == z.Length) return;
        // The last rows through the same lanes, padded, so they get the same bits as any other row.
        Span<double> tail = stackalloc double[4 * Vector256<double>.Count];
        tail.Clear();
        z[done..].CopyTo(tail);
        y[done..].CopyTo(tail[4..]);
        var (l, r) = Terms(Vector256.Create<double>(tail[..4]), Vector256.Create<double>(tail[4..8]));
        l.CopyTo(tail[8..]);
        r.CopyTo(tail[12..]);
        tail.Slice(8, z.Length - done).CopyTo(loss[done..]);
        tail.Slice(12, z.Length - done).CopyTo(residual[done..]);
    }

    /// <summary>With e = exp(−|z|): log(1 + e^z) = max(z, 0) + log1p(e), σ(z) = 1/(1 + e) for z ≥ 0 and e/(1 + e) otherwise; nothing overflows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<double> Loss, Vector256<double> Residual) Terms(Vector256<double> z, Vector256<double> y)
    {
        var e = ExpOfNonPositive(-Vector256.Abs(z));
        var one = Vector256.Create(1.0);
        var positive = Vector256.GreaterThanOrEqual(z, Vector256<double>.Zero);
        var loss = Vector256.Max(z, Vector256<double>.Zero) + Log1pOfUnit(e) - y * z;
        var residual = Vector256.ConditionalSelect(positive, one, e) / (one + e) - y;
        return (loss, residual);
    }

    /// <summary>exp(x) for x ≤ 0: x = n·ln 2 + r with |r| ≤ ln 2 / 2, exp(r) by its Taylor polynomial to r¹², times 2ⁿ. Below −708 (results under 3e-308) it returns exp(−708).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> ExpOfNonPositive(Vector256<double> x)
    {
        x = Vector256.Max(x, Vector256.Create(-708.0));
        var n = Vector256.Floor(x * Vector256.Create(Log2E) + Vector256.Create(0.5));
        var r = x - n * Vector256.Create(Ln2High) - n * Vector256.Create(Ln2Low);
        var p = Polynomial(r, ExpTaylor);
        // 2ⁿ from its bits: n + 1023 lands in the low bits of 2⁵² + n + 1023, then moves up to the exponent.
        var biased = (n + Vector256.Create(4503599627370496.0 + 1023)).AsUInt64();
        var scale = Vector256.ShiftLeft(biased, 52).AsDouble();
        return p * scale;
    }

    /// <summary>
    /// log(1 + e) for 0 ≤ e ≤ 1 as 2·atanh(s): s = e/(2 + e), or, above √2 − 1, s = (e − 1)/(e + 3) plus ln 2 (halving
    /// 1 + e), so |s| ≤ 0.172 and the odd series to s²³ is exact to double precision.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Log1pOfUnit(Vector256<double> e)
    {
        var halve = Vector256.GreaterThan(e, Vector256.Create(Sqrt2Minus1));
        var s = Vector256.ConditionalSelect(halve,
            (e - Vector256.Create(1.0)) / (e + Vector256.Create(3.0)),
            e / (e + Vector256.Create(2.0)));
        var t = s * s;
        var p = Polynomial(t, AtanhSeries);
        var log = Vector256.Create(2.0) * s * p;
        return log + (Vector256.Create(Ln2) & halve);
    }
}
