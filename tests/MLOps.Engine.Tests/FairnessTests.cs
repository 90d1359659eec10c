using MLOps.Engine.Data;
using MLOps.Engine.Diagnostics;
using MLOps.Engine.Features;
using MLOps.Engine.Metrics;
using Xunit;

namespace MLOps.Engine.Tests;

public class FairnessTests
{
    [Fact]
    public void Fairness_metrics_equal_fairlearns_definitions()
    {
        // oracles.json fairness: churn_test.csv scored by a fixed formula, sensitive feature gender.
        var oracle = Fixtures.Oracle("fairness");
        var (table, diagnostics) = Fixtures.Load("churn_test.csv", "churned");
        Assert.False(diagnostics.HasErrors);
        var tenure = table!.Find("tenure_months")!.Numbers!;
        var calls = table.Find("support_calls")!.Numbers!;
        var contract = LabelValues.Of(table.Find("contract")!);
        var gender = LabelValues.Of(table.Find("gender")!);
        var labels = LabelValues.Of(table.Find("churned")!).Select(v => v == "true" ? 1.0 : 0).ToArray();
        var scores = Enumerable.Range(0, table.RowCount)
            .Select(i => 1 / (1 + Math.Exp(-(-1.0 - 0.04 * tenure[i] + (contract[i] == "month-to-month" ? 1.0 : 0) + 0.3 * calls[i])))).ToArray();

        var report = FairnessReport.Of(labels, scores, gender);

        foreach (var (name, rates) in new[] { ("selection_rate", report.SelectionRate), ("tpr", report.TruePositiveRate), ("fpr", report.FalsePositiveRate) })
            foreach (var group in new[] { "female", "male" })
                Assert.Equal(oracle.GetProperty(name).GetProperty(group).GetDouble(), rates[group], 1e-12);
        foreach (var name in FairnessReport.Names)
            Assert.Equal(oracle.GetProperty(name).GetDouble(), report[name], 1e-12);
    }
}
