namespace MLOps.Engine.Drift;

/// <summary>The outcome of a two-sample test: statistic, p-value, and which way it was computed.</summary>
public sealed record TwoSampleTest(double Statistic, double PValue, string Method);

/// <summary>
/// The two-sided two-sample Kolmogorov–Smirnov test, as scipy's <c>ks_2samp(method='auto')</c>: the exact
/// distribution when neither sample has more than <see cref="ExactLimit"/> values, Smirnov's asymptotic one
/// (the one-sample distribution at n = round(n₁n₂/(n₁+n₂))) otherwise or when the exact computation overflows.
/// </summary>
public static class KolmogorovSmirnov
{
    /// <summary>Samples up to this size get the exact p-value (scipy's MAX_AUTO_N).</summary>
    public const int ExactLimit = 10_000;

    /// <summary>Tests two samples given in ascending order (no NaN).</summary>
    public static TwoSampleTest Test(ReadOnlySpan<double> first, ReadOnlySpan<double> second)
    {
        if (first.IsEmpty || second.IsEmpty) throw new ArgumentException("Both samples need values.");
        var d = Statistic(first, second);
        int n1 = first.Length, n2 = second.Length;
        if (Math.Max(n1, n2) <= ExactLimit && TryExact(n1, n2, d, out var exactD, out var exactP))
            return new TwoSampleTest(exactD, exactP, "exact");
        var (m, n) = n1 >= n2 ? ((double)n1, (double)n2) : (n2, n1);
        var effective = (int)Math.Round(m * n / (m + n), MidpointRounding.ToEven);
        return new TwoSampleTest(d, Math.Clamp(KolmogorovDistribution.Survival(effective, d), 0, 1), "asymptotic");
    }

    /// <summary>sup |F₁ − F₂| over the pooled values, ties handled as scipy does (right-continuous ECDFs).</summary>
    public static double Statistic(ReadOnlySpan<double> first, ReadOnlySpan<double> second)
    {
        int n1 = first.Length, n2 = second.Length, i = 0, j = 0;
        double max = 0, min = 0;
        while (i < n1 || j < n2)
        {
            var value = j >= n2 || (i < n1 && first[i] <= second[j]) ? first[i] : second[j];
            while (i < n1 && first[i] <= value) i++;
            while (j < n2 && second[j] <= value) j++;
            var difference = (double)i / n1 - (double)j / n2;
            max = Math.Max(max, difference);
            min = Math.Min(min, difference);
        }
        return Math.Max(max, -min);
    }

    private static bool TryExact(int n1, int n2, double d, out double exactD, out double p)
    {
        var g = Gcd(n1, n2);
        var lcm = (long)(n1 / g) * n2;
        var h = (long)Math.Round(d * lcm, MidpointRounding.ToEven);
        exactD = (double)h / lcm;
        p = 1;
        if (h == 0) return true;
        p = n1 == n2 ? OutsideSquare(n1, (int)h) : OutsideBand(n1, n2, g, h);
        return double.IsFinite(p) && p is >= 0 and <= 1;
    }

    /// <summary>Share of lattice paths that leave |x − y| &lt; h, for equal sample sizes.</summary>
    private static double OutsideSquare(int n, int h)
    {
        var total = 0.0;
        for (var k = n / h; k >= 0; k--)
        {
            var term = 1.0;
            for (var j = 0; j < h; j++) term = (n - (double)k * h - j) * term / (n + (double)k * h + j + 1);
            total = term * (1 - total);
        }
        return 2 * total;
    }

    /// <summary>
    /// Share of lattice paths from (0,0) to (m,n) that do not stay strictly inside |nx/g − my/g| &lt; h, one column
    /// at a time over a sliding window, each entry kept as a probability so nothing overflows.
    /// </summary>
    private static double OutsideBand(int m, int n, int g, long h)
    {
        if (m < n) (m, n) = (n, m);
        long mg = m / g, ng = n / g;
        var minJ = 0;
        var maxJ = (int)Math.Min((long)Math.Ceiling((double)h / mg), n + 1);
        var currentLength = maxJ - minJ;
        var length = Math.Min(2 * maxJ + 2, n + 1);
        var a = new double[length];
        Array.Fill(a, 1.0);
        for (var j = minJ; j < maxJ; j++) a[j] = 0;
        for (var i = 1; i <= m; i++)
        {
            var (lastMinJ, lastLength) = (minJ, currentLength);
            minJ = (int)Math.Max(Math.Floor((double)(ng * i - h) / mg) + 1, 0);
            minJ = Math.Min(minJ, n);
            maxJ = (int)Math.Min(Math.Ceiling((double)(ng * i + h) / mg), n + 1);
            if (maxJ <= minJ) return 1;
            var value = minJ == 0 ? 0.0 : 1.0;
            for (var jj = 0; jj < maxJ - minJ; jj++)
            {
                var j = jj + minJ;
                value = (a[jj + minJ - lastMinJ] * i + value * j) / (i + j);
                a[jj] = value;
            }
            currentLength = maxJ - minJ;
            if (lastLength > currentLength)
                Array.Fill(a, 1.0, maxJ - minJ, Math.Min(lastLength - currentLength, a.Length - (maxJ - minJ)));
        }
        return a[maxJ - minJ - 1];
    }

    private static int Gcd(int a, int b)
    {
        while (b != 0) (a, b) = (b, a % b);
        return a;
    }
}
