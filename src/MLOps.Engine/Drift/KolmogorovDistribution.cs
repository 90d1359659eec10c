using MLOps.Engine.Statistics;

namespace MLOps.Engine.Drift;

/// <summary>
/// The survival function of the two-sided one-sample Kolmogorov–Smirnov statistic D_n, as scipy's
/// <c>kstwo.sf</c> (Simard and L'Ecuyer 2011): exact or Ruben–Gambino near the ends, twice the one-sided
/// Smirnov tail where that is accurate, Durbin's matrix method for small n·x², Pelz–Good otherwise.
/// scipy uses Pomeranz's recursion for part of the small-n range; Durbin's method is exact there too.
/// </summary>
public static class KolmogorovDistribution
{
    private const double MinLog = -708;

    /// <summary>P(D_n &gt; x).</summary>
    public static double Survival(int n, double x)
    {
        if (x >= 1) return 0;
        if (x <= 0) return 1;
        var t = n * x;
        if (t <= 1)
        {
            if (t <= 0.5) return 1;
            var cdf = n <= 140 ? ProductCdf(n, t) : Math.Exp(LogFactorialOverPower(n) + n * Math.Log(2 * t - 1));
            return Clip(1 - cdf);
        }
        if (t >= n - 1) return Clip(2 * Math.Pow(1 - x, n));
        if (x >= 0.5) return Clip(2 * Smirnov(n, x));
        var nxSquared = t * x;
        if (n <= 140)
        {
            if (nxSquared <= 4) return Clip(1 - Durbin(n, x));
            return Clip(2 * Smirnov(n, x));
        }
        if (nxSquared >= 370) return 0;
        if (nxSquared >= 2.2) return Clip(2 * Smirnov(n, x));
        var cdfProbability = nxSquared >= 18 ? 1.0
            : n <= 100_000 && n * Math.Pow(x, 1.5) <= 1.4 ? Durbin(n, x)
            : PelzGoodCdf(n, x);
        return Clip(1 - cdfProbability);
    }

    /// <summary>
    /// P(D⁺_n ≥ x), the one-sided Smirnov tail, by the exact Birnbaum–Tingey sum of positive terms (each in logs,
    /// so tails far below 1e-300 of a term's factors do not underflow the sum).
    /// </summary>
    public static double Smirnov(int n, double x)
    {
        if (x >= 1) return 0;
        if (x <= 0) return 1;
        var last = (int)Math.Floor(n * (1 - x));
        var logNFactorial = SpecialFunctions.LogGamma(n + 1);
        var sum = 0.0;
        for (var j = 0; j <= last; j++)
        {
            var a = 1 - x - (double)j / n;
            if (a <= 0) continue;
            var logTerm = logNFactorial - SpecialFunctions.LogGamma(j + 1) - SpecialFunctions.LogGamma(n - j + 1)
                + (n - j) * Math.Log(a) + (j - 1) * Math.Log(x + (double)j / n);
            sum += Math.Exp(logTerm);
        }
        return Clip(x * sum);
    }

    private static double ProductCdf(int n, double t)
    {
        var p = 1.0;
        for (var i = 1; i <= n; i++) p *= i * (1.0 / n) * (2 * t - 1);
        return p;
    }

    private static double LogFactorialOverPower(int n) => SpecialFunctions.LogGamma(n + 1) - n * Math.Log(n);

    /// <summary>P(D_n ≤ d) by Durbin's matrix method as Marsaglia, Tsang and Wang (2003) compute it.</summary>
    private static double Durbin(int n, double d)
    {
        var nd = n * d;
        if (nd <= 0.5) return 0;
        var k = (int)Math.Ceiling(nd);
        var h = k - nd;
        var m = 2 * k - 1;
        var matrix = new double[m, m];
        var v = new double[m];
        var w = new double[m];
        var factorial = 1.0;
        for (var j = 1; j <= m; j++)
        {
            w[j - 1] = factorial;
            factorial /= j;
            v[j - 1] = (1 - Math.Pow(h, j)) * factorial;
        }
        var tail = Math.Pow(Math.Max(2 * h - 1, 0), m) - 2 * Math.Pow(h, m);
        v[m - 1] = (1 + tail) * factorial;
        for (var i = 1; i < m; i++)
            for (var r = i - 1; r < m; r++)
                matrix[r, i] = w[r - i + 1];
        for (var r = 0; r < m; r++) matrix[r, 0] = v[r];
        for (var c = 0; c < m; c++) matrix[m - 1, c] = v[m - 1 - c];

        var power = Identity(m);
        var exponent = 0;
        var matrixExponent = 0;
        for (var remaining = n; remaining > 0; remaining /= 2)
        {
            if (remaining % 2 == 1)
            {
                power = Multiply(power, matrix);
                exponent += matrixExponent;
            }
            matrix = Multiply(matrix, matrix);
            matrixExponent *= 2;
            if (Math.Abs(matrix[k - 1, k - 1]) > Math.ScaleB(1, 128))
            {
                Scale(matrix, Math.ScaleB(1, -128));
                matrixExponent += 128;
            }
        }
        var p = power[k - 1, k - 1];
        for (var i = 1; i <= n; i++)
        {
            p = i * p / n;
            if (Math.Abs(p) < Math.ScaleB(1, -128))
            {
                p *= Math.ScaleB(1, 128);
                exponent -= 128;
            }
        }
        return Math.Clamp(Math.ScaleB(p, exponent), 0, 1);
    }

    /// <summary>P(D_n ≤ x) by the Pelz–Good asymptotic series.</summary>
    private static double PelzGoodCdf(int n, double x)
    {
        var z = Math.Sqrt(n) * x;
        double z2 = z * z, z3 = z2 * z, z4 = z2 * z2, z6 = z4 * z2;
        const double pi2 = Math.PI * Math.PI, pi4 = pi2 * pi2, pi6 = pi4 * pi2;
        var sqrt2Pi = Math.Sqrt(2 * Math.PI);
        var qLog = -pi2 / 8 / z2;
        if (qLog < MinLog) return 0;
        var q = Math.Exp(qLog);

        double k1a = -z2, k1b = pi2 / 4;
        double k2a = 6 * z6 + 2 * z4, k2b = (2 * z4 - 5 * z2) * pi2 / 4, k2c = pi4 * (1 - 2 * z2) / 16;
        double k3d = pi6 * (5 - 30 * z2) / 64, k3c = pi4 * (-60 * z2 + 212 * z4) / 16, k3b = pi2 * (135 * z4 - 96 * z6) / 4;
        var k3a = -30 * z6 - 90 * Math.Pow(z, 8);

        Span<double> terms = stackalloc double[4];
        var maxK = (int)Math.Ceiling(16 * z / Math.PI);
        for (var k = maxK; k > 0; k--)
        {
            double mm = 2 * k - 1, m2 = mm * mm, m4 = m2 * m2, m6 = m4 * m2;
            var qPower = Math.Pow(q, 8 * k);
            terms[0] = terms[0] * qPower + 1;
            terms[1] = terms[1] * qPower + (k1a + k1b * m2);
            terms[2] = terms[2] * qPower + (k2a + k2b * m2 + k2c * m4);
            terms[3] = terms[3] * qPower + (k3a + k3b * m2 + k3c * m4 + k3d * m6);
        }
        ReadOnlySpan<double> divisors = [z, 6 * z4, 72 * Math.Pow(z, 7), 6480 * Math.Pow(z, 10)];
        for (var i = 0; i < 4; i++) terms[i] = terms[i] * q * sqrt2Pi / divisors[i];

        var q2 = Math.Exp(-pi2 / 2 / z2);
        var sqrt3z = Math.Sqrt(3) * z;
        double k2Extra = 0, k3Extra = 0;
        for (var k = maxK; k > 0; k--)
        {
            double kk = (double)k * k, qk = Math.Pow(q2, kk), kPi = Math.PI * k;
            k2Extra += kk * qk;
            k3Extra += (sqrt3z + kPi) * (sqrt3z - kPi) * kk * qk;
        }
        terms[2] += k2Extra * pi2 * sqrt2Pi / (-36 * z3);
        terms[3] += k3Extra * pi2 * sqrt2Pi / (216 * z6);
        var sum = 0.0;
        for (var i = 0; i < 4; i++) sum += terms[i] / Math.Pow(n, i / 2.0);
        return sum;
    }

    private static double[,] Identity(int m)
    {
        var identity = new double[m, m];
        for (var i = 0; i < m; i++) identity[i, i] = 1;
        return identity;
    }

    private static double[,] Multiply(double[,] a, double[,] b)
    {
        var m = a.GetLength(0);
        var product = new double[m, m];
        for (var i = 0; i < m; i++)
            for (var k = 0; k < m; k++)
            {
                var aik = a[i, k];
                if (aik == 0) continue;
                for (var j = 0; j < m; j++) product[i, j] += aik * b[k, j];
            }
        return product;
    }

    private static void Scale(double[,] matrix, double factor)
    {
        for (var i = 0; i < matrix.GetLength(0); i++)
            for (var j = 0; j < matrix.GetLength(1); j++) matrix[i, j] *= factor;
    }

    private static double Clip(double p) => Math.Clamp(p, 0, 1);
}
