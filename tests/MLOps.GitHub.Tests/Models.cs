using MLOps.Engine.Diagnostics;
using MLOps.Engine.Gates;
using MLOps.Engine.Reports;

namespace MLOps.GitHub.Tests;

/// <summary>Build outputs as a model build writes them, made in memory.</summary>
internal static class Models
{
    public static BuildOutputs Failing(string model = "Churn", int diagnostics = 3, int firstLine = 2) => new(model,
        new GateResult(model, false, "Holm", "production/Churn.model.json",
        [
            Verdict("auc", GateOutcome.Failed, 0.5174, 0.8291),
            Verdict("log_loss", GateOutcome.Passed, 0.44, 0.45),
            Verdict("auc", GateOutcome.Inconclusive, 0.8, 0.81) with { Slice = "region=north", Rows = 40 },
        ], null, "abc123"),
        new MetricsFile(model, "BinaryClassification", "churned", "true", ["data/test.csv"], false, 4000, new Dictionary<string, double?> { ["auc"] = 0.5174, ["accuracy"] = 0.61 }),
        new BuildDiagnostics(model, "/repo", [new StepDiagnostics(BuildStep.Validate, Enumerable.Range(1, diagnostics)
            .Select(i => new RecordedDiagnostic("MLOPS1030", Severity.Warning, "data/train.csv", firstLine + i - 1, 19, $"Column 'total_charges' has the value '-{i}', below the contract's minimum 0.")).ToArray())]),
        null, "/repo/bin/Churn.report.html", null);

    public static BuildOutputs Passing(string model) => Failing(model, 0) with
    {
        Gate = new GateResult(model, true, "Holm", null, [Verdict("auc", GateOutcome.Passed, 0.83, null)], null, "abc123"),
    };

    public static BuildOutputs Inconclusive(string model) => Failing(model, 0) with
    {
        Gate = new GateResult(model, true, "Holm", null, [Verdict("auc", GateOutcome.Inconclusive, 0.83, 0.83)], null, "abc123"),
    };

    private static GateVerdict Verdict(string metric, GateOutcome outcome, double candidate, double? baseline) => new()
    {
        Gate = $"{metric} MaxDecrease=0.005",
        Metric = metric,
        Rule = "non-inferiority",
        Candidate = candidate,
        Baseline = baseline,
        Difference = candidate - baseline,
        Bound = candidate - baseline + 0.02,
        MaxDecrease = 0.005,
        AdjustedPValue = 0.001,
        Outcome = outcome,
        Explanation = $"{metric}: {outcome}.",
    };
}
