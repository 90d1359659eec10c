using MLOps.Engine.Drift;
using Xunit;

namespace MLOps.Engine.Tests;

/// <summary>Drift statistics against oracles.json (scipy 1.10.1, statsmodels 0.13.5).</summary>
public class DriftStatisticsTests
{
    private static readonly System.Text.Json.JsonElement Oracle = Fixtures.Oracle("drift_tests");

    private static void Close(double expected, double actual, double relative, string what) =>
        Assert.True(Math.Abs(expected - actual) <= relative * Math.Abs(expected) || expected == actual, $"{what}: expected {expected:R}, got {actual:R}");

    private static double[] Column(string file, string column, int take = int.MaxValue)
    {
        var (table, diagnostics) = Fixtures.Load(file);
        Assert.NotNull(table);
        return table!.Find(column)!.Numbers!.Take(take).Order().ToArray();
    }

    [Fact]
    public void Exact_KS_equals_scipy_for_small_samples()
    {
        var expected = Oracle.GetProperty("ks_exact");
        var test = KolmogorovSmirnov.Test(Column("churn_train.csv", "monthly_charges", 400), Column("churn_current_drifted.csv", "monthly_charges", 300));
        Assert.Equal("exact", test.Method);
        Close(expected.GetProperty("statistic").GetDouble(), test.Statistic, 1e-12, "D");
        Close(expected.GetProperty("pvalue").GetDouble(), test.PValue, 1e-6, "p");
    }

    [Fact]
    public void Asymptotic_KS_equals_scipy_in_the_far_tail_and_near_one()
    {
        var tenure = Oracle.GetProperty("ks_asymptotic_tenure");
        var drifted = KolmogorovSmirnov.Test(Column("churn_train.csv", "tenure_months"), Column("churn_current_drifted.csv", "tenure_months"));
        Close(tenure.GetProperty("statistic").GetDouble(), drifted.Statistic, 1e-12, "tenure D");
        // scipy's 'auto' would be exact at 8,000 rows; the oracle asked for 'asymp', which is what large samples get.
        var asymptotic = KolmogorovDistribution.Survival(2667, drifted.Statistic);
        Close(tenure.GetProperty("pvalue").GetDouble(), asymptotic, 1e-9, "tenure p");

        var undrifted = Oracle.GetProperty("ks_asymptotic_undrifted");
        var same = KolmogorovSmirnov.Statistic(Column("churn_train.csv", "monthly_charges"), Column("churn_test.csv", "monthly_charges"));
        Close(undrifted.GetProperty("statistic").GetDouble(), same, 1e-12, "undrifted D");
        Close(undrifted.GetProperty("pvalue").GetDouble(), KolmogorovDistribution.Survival(2667, same), 1e-9, "undrifted p");
    }

    [Theory]
    [InlineData("chi2_contract")]
    [InlineData("chi2_payment_method_new_category")]
    public void Chi_square_equals_scipy(string name)
    {
        var expected = Oracle.GetProperty(name);
        var reference = expected.GetProperty("reference_counts").EnumerateArray().Select(e => e.GetInt64()).ToArray();
        var current = expected.GetProperty("current_counts").EnumerateArray().Select(e => e.GetInt64()).ToArray();
        var (statistic, p, dof) = ChiSquareHomogeneity.Test(reference, current);
        Close(expected.GetProperty("statistic").GetDouble(), statistic, 1e-9, "statistic");
        Close(expected.GetProperty("pvalue").GetDouble(), p, 1e-9, "p");
        Assert.Equal(expected.GetProperty("dof").GetInt32(), dof);
    }

    [Fact]
    public void Chi_square_with_one_degree_of_freedom_applies_Yates_as_scipy()
    {
        // scipy.stats.chi2_contingency([[30, 10], [20, 25]]) -> (6.949930555555551, 0.00838224869725173)
        var (statistic, p, _) = ChiSquareHomogeneity.Test([30, 10], [20, 25]);
        Close(6.949930555555551, statistic, 1e-12, "statistic");
        Close(0.00838224869725173, p, 1e-9, "p");
    }

    [Fact]
    public void PSI_equals_the_oracle_with_the_same_edges()
    {
        var expected = Oracle.GetProperty("psi_tenure");
        var train = Column("churn_train.csv", "tenure_months");
        Assert.Equal(expected.GetProperty("inner_edges").Doubles(), PopulationStability.InnerEdges(train));
        Close(expected.GetProperty("value").GetDouble(), PopulationStability.Index(train, Column("churn_current_drifted.csv", "tenure_months")), 1e-9, "drifted");
        Close(expected.GetProperty("undrifted_value").GetDouble(), PopulationStability.Index(train, Column("churn_test.csv", "tenure_months")), 1e-9, "undrifted");
    }

    [Fact]
    public void Jensen_Shannon_and_Wasserstein_equal_scipy()
    {
        var contract = Oracle.GetProperty("chi2_contract");
        var distance = JensenShannon.Distance(
            contract.GetProperty("reference_counts").EnumerateArray().Select(e => e.GetInt64()).ToArray(),
            contract.GetProperty("current_counts").EnumerateArray().Select(e => e.GetInt64()).ToArray());
        Close(Oracle.GetProperty("jensen_shannon_contract_base2").GetDouble(), distance, 1e-9, "JS");
        Close(Oracle.GetProperty("wasserstein_monthly_charges").GetDouble(),
            Wasserstein.Distance(Column("churn_train.csv", "monthly_charges"), Column("churn_current_drifted.csv", "monthly_charges")), 1e-9, "W1");
    }

    private static readonly Lazy<System.Text.Json.JsonElement> KsCases = new(() =>
        System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(Fixtures.Path("ks_cases.json"))).RootElement);

    public static TheoryData<int> TwoSampleCases() => new(Enumerable.Range(0, 12));

    [Theory]
    [MemberData(nameof(TwoSampleCases))]
    public void KS_equals_scipy_auto_on_every_branch(int index)
    {
        // eng/oracles/ks_cases.py: equal and unequal sizes, ties, tiny samples, exact and asymptotic.
        var c = KsCases.Value.GetProperty("two_sample")[index];
        var test = KolmogorovSmirnov.Test(c.GetProperty("first").Doubles().Order().ToArray(), c.GetProperty("second").Doubles().Order().ToArray());
        Close(c.GetProperty("statistic").GetDouble(), test.Statistic, 1e-12, $"D ({test.Method})");
        Close(c.GetProperty("pvalue").GetDouble(), test.PValue, test.Method == "exact" ? 1e-6 : 1e-9, $"p ({test.Method})");
    }

    [Fact]
    public void Kolmogorov_survival_equals_scipy_kstwo()
    {
        foreach (var c in KsCases.Value.GetProperty("kstwo_sf").EnumerateArray())
        {
            var (n, x) = (c.GetProperty("n").GetInt32(), c.GetProperty("x").GetDouble());
            Close(c.GetProperty("sf").GetDouble(), KolmogorovDistribution.Survival(n, x), 1e-9, $"sf(n={n}, x={x})");
        }
    }
}
