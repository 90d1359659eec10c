using MLOps.Engine.Statistics;
using Xunit;

namespace MLOps.Engine.Tests;

public class StatisticsTests
{
    private static void Close(double expected, double actual, double relative, string what) =>
        Assert.True(Math.Abs(expected - actual) <= relative * Math.Abs(expected) || expected == actual, $"{what}: expected {expected:R}, got {actual:R}");

    [Fact]
    public void McNemar_equals_statsmodels()
    {
        var oracle = Fixtures.Oracle("paired_tests").GetProperty("mcnemar");
        var table = oracle.GetProperty("table");
        var b = table[0][1].GetInt64();
        var c = table[1][0].GetInt64();

        var exact = PairedTests.McNemar(b, c);
        var chi2 = PairedTests.McNemar(b, c, exact: false);

        Close(oracle.GetProperty("exact_statistic").GetDouble(), exact.Statistic, 1e-12, "exact statistic");
        Close(oracle.GetProperty("exact_pvalue").GetDouble(), exact.PValue, 1e-9, "exact p");
        Close(oracle.GetProperty("chi2_corrected_statistic").GetDouble(), chi2.Statistic, 1e-12, "chi2 statistic");
        Close(oracle.GetProperty("chi2_corrected_pvalue").GetDouble(), chi2.PValue, 1e-9, "chi2 p");
    }

    [Fact]
    public void DeLong_equals_the_midrank_algorithm()
    {
        var oracle = Fixtures.Oracle("paired_tests").GetProperty("delong");
        var inputs = Fixtures.Oracle("binary_metrics");

        var result = PairedTests.DeLong(inputs.GetProperty("y_true").Doubles(), inputs.GetProperty("score_a").Doubles(), inputs.GetProperty("score_b").Doubles());

        Close(oracle.GetProperty("auc_a").GetDouble(), result.AucA, 1e-12, "auc a");
        Close(oracle.GetProperty("auc_b").GetDouble(), result.AucB, 1e-12, "auc b");
        Close(oracle.GetProperty("var_diff").GetDouble(), result.VarianceOfDifference, 1e-9, "variance");
        Close(oracle.GetProperty("z").GetDouble(), result.Z, 1e-9, "z");
        Close(oracle.GetProperty("pvalue").GetDouble(), result.PValue, 1e-9, "p");
    }

    [Fact]
    public void Wilcoxon_and_paired_t_equal_scipy_far_into_the_tail()
    {
        var oracle = Fixtures.Oracle("paired_tests");
        var differences = oracle.GetProperty("squared_error_diff").Doubles();

        // ttest_rel(err_b, err_a) subtracts freshly computed squared errors; the stored squared_error_diff differs
        // in the last bits, which moves this 4.6e-18 p-value by 1e-8 relative. So compute it as scipy did.
        var inputs = Fixtures.Oracle("binary_metrics");
        var y = inputs.GetProperty("y_true").Doubles();
        var a = inputs.GetProperty("score_a").Doubles();
        var b = inputs.GetProperty("score_b").Doubles();
        var errorDifferences = y.Select((label, i) => (b[i] - label) * (b[i] - label) - (a[i] - label) * (a[i] - label)).ToArray();

        var wilcoxon = PairedTests.Wilcoxon(differences);
        var t = PairedTests.PairedT(errorDifferences);

        var w = oracle.GetProperty("wilcoxon_exact_or_approx");
        Close(w.GetProperty("statistic").GetDouble(), wilcoxon.Statistic, 1e-12, "W");
        Close(w.GetProperty("pvalue").GetDouble(), wilcoxon.PValue, 1e-9, "Wilcoxon p (5.9e-38)");
        var pt = oracle.GetProperty("paired_t");
        Close(pt.GetProperty("statistic").GetDouble(), t.Statistic, 1e-9, "t");
        Close(pt.GetProperty("pvalue").GetDouble(), t.PValue, 1e-9, "t p (4.6e-18)");
    }

    [Fact]
    public void Holm_and_Benjamini_Hochberg_equal_statsmodels()
    {
        var oracle = Fixtures.Oracle("multiple_testing");
        var p = oracle.GetProperty("pvalues").Doubles();
        var shuffled = new[] { 7, 2, 9, 0, 5, 1, 8, 3, 6, 4 }; // order of input must not matter

        var holm = MultipleTesting.Holm(shuffled.Select(i => p[i]).ToArray());
        var bh = MultipleTesting.BenjaminiHochberg(shuffled.Select(i => p[i]).ToArray());

        var expectedHolm = oracle.GetProperty("holm_adjusted").Doubles();
        var expectedBh = oracle.GetProperty("bh_adjusted").Doubles();
        for (var k = 0; k < shuffled.Length; k++)
        {
            Close(expectedHolm[shuffled[k]], holm[k], 1e-12, $"holm {k}");
            Close(expectedBh[shuffled[k]], bh[k], 1e-12, $"bh {k}");
        }
    }

    [Theory]
    [InlineData(0.975, 1.959963984540054)]
    [InlineData(0.5, 0)]
    [InlineData(1e-10, -6.361340902404056)]
    public void Normal_quantile_inverts_the_cdf(double p, double z)
    {
        Assert.Equal(z, SpecialFunctions.NormalQuantile(p), 1e-9);
    }
}
