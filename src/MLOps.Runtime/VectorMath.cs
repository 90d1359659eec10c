using System.Numerics;
using System.Runtime.InteropServices;

namespace MLOps.Runtime;

/// <summary>SIMD kernels shared by scoring and training. Fixed reduction order, so results do not depend on the caller.</summary>
public static class VectorMath
{
    /// <summary>Dot product of two equal-length vectors.</summary>
    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        if (a.Length != b.Length) throw new ArgumentException("Vectors differ in length.");
        var i = 0;
        var sum = 0.0;
        if (Vector.IsHardwareAccelerated && a.Length >= Vector<double>.Count)
        {
            var va = MemoryMarshal.Cast<double, Vector<double>>(a);
            var vb = MemoryMarshal.Cast<double, Vector<double>>(b);
            var acc = Vector<double>.Zero;
            for (var k = 0; k < va.Length; k++) acc += va[k] * vb[k];
            sum = Vector.Sum(acc);
            i = va.Length * Vector<double>.Count;
        }
        for (; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }

    /// <summary><c>y += alpha * x</c>.</summary>
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
