using System.Runtime.Intrinsics;
using MLOps.Engine.Statistics;

namespace MLOps.Engine.Learners.Trees;

/// <summary>
/// A round's gradients and hessians as integers, packed one row to a long as (g·2³² + h), the idea of LightGBM 4's
/// quantized training (Shi et al., NeurIPS 2022): a histogram bin is then one 8-byte integer, added with one
/// instruction, and sums are exact, so they do not depend on the order rows are added in. Each value is scaled so
/// that the largest is <see cref="GradientLevels"/> (or <see cref="HessianLevels"/>) and rounded up or down at random
/// with the odds of its fraction, which keeps every sum unbiased. Leaf values come from the quantized sums too: with
/// thousands of levels their error is far below what moves a metric. The levels are as many as the row count allows without
/// a sum of all rows overflowing its half of the long: 2,684 gradient levels for 800,000 rows, 16.7 million (the cap)
/// for 128 rows or fewer, so on small data the splits are those of exact sums. The random draws are keyed by the seed,
/// the round and the row: the same for any number of threads.
/// </summary>
internal sealed class QuantizedGradients
{
    private const long LevelCap = 1 << 24;

    private QuantizedGradients(long[] packed, double gradientScale, double hessianScale, long largestHessian)
    {
        Packed = packed;
        GradientScale = gradientScale;
        HessianScale = hessianScale;
        LargestHessian = largestHessian;
    }

    /// <summary>Each row's (g·2³² + h) in integer units.</summary>
    public long[] Packed { get; }
    /// <summary>The gradient (hessian) of one integer unit.</summary>
    public double GradientScale { get; }
    public double HessianScale { get; }
    /// <summary>The largest row hessian in integer units: a side with hessian sum h has at least h / this many rows.</summary>
    public long LargestHessian { get; }

    public static long GradientLevels(int rows) => Math.Min(LevelCap, int.MaxValue / Math.Max(rows, 1));
    public static long HessianLevels(int rows) => Math.Min(LevelCap, uint.MaxValue / (uint)Math.Max(rows, 1));

    /// <summary>The gradient sum of a packed sum.</summary>
    public double Gradient(long sum) => (sum >> 32) * GradientScale;

    /// <summary>The hessian sum of a packed sum.</summary>
    public double Hessian(long sum) => (uint)sum * HessianScale;

    public static long HessianUnits(long sum) => (uint)sum;

    /// <summary>Quantizes every row's (gradient, hessian); <paramref name="largest"/> holds the largest |gradient| and hessian.</summary>
    public static QuantizedGradients Quantize(Vector128<double>[] gradients, Vector128<double> largest, ulong key, long[] packed, Workers workers)
    {
        var n = gradients.Length;
        long gradientLevels = GradientLevels(n), hessianLevels = HessianLevels(n);
        var gradientScale = largest[0] > 0 ? largest[0] / gradientLevels : 1;
        var hessianScale = largest[1] > 0 ? largest[1] / hessianLevels : 1;
        var inverse = Vector128.Create(1 / gradientScale, 1 / hessianScale);
        var low = Vector128.Create((double)-gradientLevels, 0);
        var high = Vector128.Create((double)gradientLevels, hessianLevels);
        const int block = 1 << 16;
        var largestHessian = new long[(n + block - 1) / block];
        workers.For(0, largestHessian.Length, b =>
        {
            var end = Math.Min(n, (b + 1) * block);
            long most = 0;
            for (var r = b * block; r < end; r++)
            {
                var draw = SplitMix64.Mix(key ^ (ulong)r * 0x9E3779B97F4A7C15UL);
                var uniform = Vector128.Create(draw >> 32, (ulong)(uint)draw).AsInt64();
                var units = Vector128.Floor(gradients[r] * inverse + Vector128.ConvertToDouble(uniform) * (1.0 / 4294967296.0));
                units = Vector128.Min(Vector128.Max(units, low), high);
                long g = (long)units[0], h = (long)units[1];
                packed[r] = (g << 32) + h;
                most = Math.Max(most, h);
            }
            largestHessian[b] = most;
        });
        return new QuantizedGradients(packed, gradientScale, hessianScale, largestHessian.Max());
    }
}
