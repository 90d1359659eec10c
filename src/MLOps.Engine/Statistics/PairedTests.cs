namespace MLOps.Engine.Statistics;

/// <summary>A test's statistic and two-sided p-value.</summary>
public readonly record struct TestResult(double Statistic, double PValue);

/// <summary>
/// Tests comparing two models on the same rows. Each equals its reference implementation (docs/statistics.md):
/// statsmodels' mcnemar, scipy's ttest_rel and wilcoxon, and DeLong's test by Sun and Xu's midrank algorithm.
/// </summary>
public static class PairedTests
{
    /// <summary>
    /// McNemar's test on the discordant counts: <paramref name="onlyARight"/> rows candidate right and baseline
    /// wrong, <paramref name="onlyBRight"/> the reverse. Exact: binomial, statistic min(b, c). Otherwise chi-square
    /// with continuity correction, (|b − c| − 1)² / (b + c).
    /// </summary>
    public static TestResult McNemar(long onlyARight, long onlyBRight, bool exact = true)
    {
        var n = onlyARight + onlyBRight;
        if (n == 0) return new TestResult(exact ? 0 : double.NaN, 1);
        if (exact)
        {
            var k = Math.Min(onlyARight, onlyBRight);
            return new TestResult(k, Math.Min(1, 2 * SpecialFunctions.BinomialCdf(k, n, 0.5)));
        }
        var statistic = Math.Pow(Math.Abs(onlyARight - onlyBRight) - 1, 2) / n;
        return new TestResult(statistic, SpecialFunctions.ChiSquareSurvival(statistic, 1));
    }

    /// <summary>Paired t-test of the mean of <paramref name="differences"/> against 0 (statistic t with n − 1 degrees of freedom).</summary>
    public static TestResult PairedT(ReadOnlySpan<double> differences)
    {
        var n = differences.Length;
        double mean = 0;
        foreach (var d in differences) mean += d;
        mean /= n;
        double squares = 0;
        foreach (var d in differences) squares += (d - mean) * (d - mean);
        var t = mean / Math.Sqrt(squares / (n - 1) / n);
        return new TestResult(t, 2 * SpecialFunctions.StudentTSurvival(Math.Abs(t), n - 1));
    }

    /// <summary>
    /// Wilcoxon signed-rank test with the normal approximation (zeros dropped, tied ranks averaged, tie-corrected
    /// variance, no continuity correction); the statistic is the smaller of the positive and negative rank sums.
    /// </summary>
    public static TestResult Wilcoxon(ReadOnlySpan<double> differences)
    {
        var nonZero = new List<double>(differences.Length);
        foreach (var d in differences) if (d != 0) nonZero.Add(d);
        var n = nonZero.Count;
        if (n == 0) return new TestResult(0, 1);
        var magnitudes = nonZero.Select(Math.Abs).ToArray();
        var ranks = Ranks.Mid(magnitudes, out var tieTerm);
        double positive = 0, negative = 0;
        for (var i = 0; i < n; i++) { if (nonZero[i] > 0) positive += ranks[i]; else negative += ranks[i]; }
        var statistic = Math.Min(positive, negative);
        var mean = n * (n + 1) / 4.0;
        var variance = n * (n + 1.0) * (2 * n + 1) / 24 - tieTerm / 48;
        var z = (statistic - mean) / Math.Sqrt(variance);
        return new TestResult(statistic, 2 * SpecialFunctions.NormalSurvival(Math.Abs(z)));
    }

    /// <summary>
    /// One-sided Wilcoxon signed-rank test that the differences tend to be greater than zero (normal approximation
    /// with tie correction, as <see cref="Wilcoxon"/>); the statistic is the positive rank sum.
    /// </summary>
    public static TestResult WilcoxonGreater(ReadOnlySpan<double> differences)
    {
        var nonZero = new List<double>(differences.Length);
        foreach (var d in differences) if (d != 0) nonZero.Add(d);
        var n = nonZero.Count;
        if (n == 0) return new TestResult(0, 1);
        var ranks = Ranks.Mid(nonZero.Select(Math.Abs).ToArray(), out var tieTerm);
        double positive = 0;
        for (var i = 0; i < n; i++) if (nonZero[i] > 0) positive += ranks[i];
        var z = (positive - n * (n + 1) / 4.0) / Math.Sqrt(n * (n + 1.0) * (2 * n + 1) / 24 - tieTerm / 48);
        return new TestResult(positive, SpecialFunctions.NormalSurvival(z));
    }

    /// <summary>DeLong's test of the difference of two correlated AUCs on the same rows (Sun and Xu, 2014).</summary>
    public static DeLongResult DeLong(ReadOnlySpan<double> labels, ReadOnlySpan<double> scoresA, ReadOnlySpan<double> scoresB)
    {
        var a = Placements.Of(labels, scoresA);
        var b = Placements.Of(labels, scoresB);
        double m = a.Positive.Length, n = a.Negative.Length;
        var variance = Covariance(a.Positive, a.Positive) / m + Covariance(a.Negative, a.Negative) / n
            + Covariance(b.Positive, b.Positive) / m + Covariance(b.Negative, b.Negative) / n
            - 2 * (Covariance(a.Positive, b.Positive) / m + Covariance(a.Negative, b.Negative) / n);
        var z = (a.Auc - b.Auc) / Math.Sqrt(variance);
        return new DeLongResult(a.Auc, b.Auc, variance, z, 2 * SpecialFunctions.NormalSurvival(Math.Abs(z)));
    }

    private static double Covariance(double[] x, double[] y)
    {
        double mx = x.Average(), my = y.Average(), sum = 0;
        for (var i = 0; i < x.Length; i++) sum += (x[i] - mx) * (y[i] - my);
        return sum / (x.Length - 1);
    }
}

/// <summary>DeLong's test: both AUCs, the variance of their difference, z and the two-sided p-value.</summary>
public readonly record struct DeLongResult(double AucA, double AucB, double VarianceOfDifference, double Z, double PValue);
