using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MLOps.Runtime;

/// <summary>SIMD kernels shared by scoring and training. Fixed reduction order, so results do not depend on the caller.</summary>
public static class VectorMath
{
    /// <summary>
    /// Dot product of two equal-length vectors, summed in four lanes and then (0 + 1) + (2 + 3), then the tail: the
    /// same order on every machine (where there is no AVX, <see cref="Vector256{T}"/> is computed lane by lane), so
    /// fits and scores have the same bits everywhere.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // a kernel: fitting calls it millions of times within a second, too soon to warm up
    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        if (a.Length != b.Length) throw new ArgumentException("Vectors differ in length.");
        var va = MemoryMarshal.Cast<double, Vector256<double>>(a);
        var vb = MemoryMarshal.Cast<double, Vector256<double>>(b);
        var acc = Vector256<double>.Zero;
        for (var k = 0; k < va.Length; k++) acc += va[k] * vb[k];
        var sum = acc.GetElement(0) + acc.GetElement(1) + (acc.GetElement(2) + acc.GetElement(3));
        for (var i = va.Length * Vector256<double>.Count; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }

    /// <summary><c>y += alpha * x</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddScaled(Span<double> y, double alpha, ReadOnlySpan<double> x)
    {
        if (x.Length != y.Length) throw new ArgumentException("Vectors differ in length.");
        var i = 0;
        if (Vector.IsHardwareAccelerated && x.Length >= Vector<double>.Count)
        {
            var vx = MemoryMarshal.Cast<double, Vector<double>>(x);
            var vy = MemoryMarshal.Cast<double, Vector<double>>(y);
            var va = new Vector<double>(alpha);
            for (var k = 0; k < vx.Length; k++) vy[k] += va * vx[k];
            i = vx.Length * Vector<double>.Count;
        }
        for (; i < x.Length; i++) y[i] += alpha * x[i];
    }

    /// <summary>Turns scores into probabilities in place: exp(zₖ − max z) / Σ, so no exponential overflows.</summary>
    public static void Softmax(Span<double> z)
    {
        var max = double.NegativeInfinity;
        foreach (var v in z) max = Math.Max(max, v);
        var total = 0.0;
        for (var k = 0; k < z.Length; k++) total += z[k] = Math.Exp(z[k] - max);
        for (var k = 0; k < z.Length; k++) z[k] /= total;
    }
}
