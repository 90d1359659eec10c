using MLOps.Engine.Contracts;
using MLOps.Engine.Diagnostics;
using MLOps.Engine.Drift;
using Xunit;
using Xunit.Abstractions;

namespace MLOps.Engine.Tests;

public class DriftDetectorTests(ITestOutputHelper output)
{
    private static DataProfile Profile(string file, DataContract contract)
    {
        var diagnostics = new DiagnosticBag();
        var outcome = ContractValidator.Validate(file, [Fixtures.File(file)], contract, "churned", diagnostics);
        Assert.NotNull(outcome);
        return outcome!.Profile;
    }

    private static DataContract Contract()
    {
        var diagnostics = new DiagnosticBag();
        var contract = ContractInference.Infer([Fixtures.File("churn_train.csv")], diagnostics);
        Assert.NotNull(contract);
        return contract!;
    }

    [Fact]
    public void Drifted_churn_data_drifts_in_tenure_contract_and_payment_method()
    {
        var contract = Contract();
        var drift = DriftDetector.Compare(Profile("churn_train.csv", contract), Profile("churn_current_drifted.csv", contract), contract.Drift, ["churned"]);
        foreach (var d in drift) output.WriteLine($"{d.Column} {d.Test} {d.Statistic:G6} p={d.PValue:G3} adj={d.AdjustedPValue:G3} {d.EffectName}={d.Effect:G4} new=[{string.Join(",", d.NewValues)}] drifted={d.Drifted}");
        var drifted = drift.Where(d => d.Drifted).Select(d => d.Column).ToArray();
        Assert.Contains("tenure_months", drifted);
        Assert.Contains("contract", drifted);
        Assert.Contains("payment_method", drifted);
        Assert.Equal(["wallet"], drift.Single(d => d.Column == "payment_method").NewValues);
    }

    [Fact]
    public void Data_from_the_same_distribution_does_not_drift()
    {
        var contract = Contract();
        var drift = DriftDetector.Compare(Profile("churn_train.csv", contract), Profile("churn_test.csv", contract), contract.Drift, ["churned"]);
        foreach (var d in drift) output.WriteLine($"{d.Column} {d.Test} {d.Statistic:G6} p={d.PValue:G3} adj={d.AdjustedPValue:G3} {d.EffectName}={d.Effect:G4} drifted={d.Drifted}");
        Assert.DoesNotContain(drift, d => d.Drifted);
        Assert.True(drift.Count >= 8);
    }
}
