using MLOps.Engine.Diagnostics;
using MLOps.Engine.Reports;
using MLOps.GitHub;

namespace Cake.MLOps;

/// <summary>What <c>MLOpsGitHubReport</c> reported: each model's verdict, what was written to GitHub, and what went wrong.</summary>
public sealed class MLOpsGitHubReportResult
{
    /// <summary>The verdict of each model reported, by model name.</summary>
    public required IReadOnlyDictionary<string, BuildVerdict> Verdicts { get; init; }

    /// <summary>What was written: "created check run 'MLOps: Churn' (failure, 3 annotations sent)", ….</summary>
    public required IReadOnlyList<string> Messages { get; init; }

    /// <summary>What could not be reported (MLOPS5xxx), with what to fix. Reporting never changes a verdict.</summary>
    public required IReadOnlyList<Diagnostic> Warnings { get; init; }

    /// <summary>Failed when a model's gate failed; Inconclusive when every model had only inconclusive or skipped gates; else Passed.</summary>
    public BuildVerdict Verdict => OverallVerdict.Of(Verdicts.Values);

    /// <summary>Whether anything could not be reported.</summary>
    public bool ReportingFailed => Warnings.Any(w => w.Severity == Severity.Warning);
}
