namespace MLOps.Engine.Statistics;

/// <summary>Exact Poisson(λ) draws: multiplication for small λ, Hörmann's PTRS transformed rejection for λ ≥ 10.</summary>
internal static class PoissonSampler
{
    public static long Draw(double lambda, ref SplitMix64 random)
    {
        if (lambda <= 0) return 0;
        if (lambda < 10)
        {
            var limit = Math.Exp(-lambda);
            var product = Uniform(ref random);
            long k = 0;
            while (product > limit) { k++; product *= Uniform(ref random); }
            return k;
        }
        var slam = Math.Sqrt(lambda);
        var logLambda = Math.Log(lambda);
        var b = 0.931 + 2.53 * slam;
        var a = -0.059 + 0.02483 * b;
        var inverseAlpha = 1.1239 + 1.1328 / (b - 3.4);
        var vr = 0.9277 - 3.6224 / (b - 2);
        while (true)
        {
            var u = Uniform(ref random) - 0.5;
            var v = Uniform(ref random);
            var us = 0.5 - Math.Abs(u);
            var k = Math.Floor((2 * a / us + b) * u + lambda + 0.43);
            if (us >= 0.07 && v <= vr) return (long)k;
            if (k < 0 || (us < 0.013 && v > us)) continue;
            if (Math.Log(v) + Math.Log(inverseAlpha) - Math.Log(a / (us * us) + b) <= -lambda + k * logLambda - SpecialFunctions.LogGamma(k + 1))
                return (long)k;
        }
    }

    private static double Uniform(ref SplitMix64 random) => ((random.Next() >> 11) + 0.5) * (1.0 / (1UL << 53));
}
