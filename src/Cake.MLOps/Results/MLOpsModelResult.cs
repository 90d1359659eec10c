using Cake.Core.IO;
using MLOps.Engine.Diagnostics;
using MLOps.Engine.Gates;
using MLOps.Engine.Reports;

namespace Cake.MLOps;

/// <summary>What a model step left: read from the files the build wrote, through the engine's own types.</summary>
public sealed class MLOpsModelResult
{
    public required string ModelName { get; init; }
    public required FilePath ProjectPath { get; init; }
    public required FilePath ModelPath { get; init; }
    public required FilePath MetricsPath { get; init; }
    public required FilePath ReportPath { get; init; }
    public required FilePath HtmlReportPath { get; init; }
    public required FilePath GateResultPath { get; init; }
    /// <summary>The data validation report, when the project has a DataSchemaFile and validation wrote one.</summary>
    public FilePath? ValidationReportPath { get; init; }
    /// <summary>The package, for MLOpsPackModel and MLOpsPublishModel.</summary>
    public FilePath? PackagePath { get; init; }

    /// <summary>Whether the build reused the model and its evaluation because nothing they depend on changed.</summary>
    public required bool UpToDate { get; init; }
    /// <summary>Why it was up to date, or why it was trained or evaluated again.</summary>
    public required string UpToDateReason { get; init; }

    public required MLOpsVerdict Verdict { get; init; }
    /// <summary>The failed gates' reasons when <see cref="Verdict"/> is Failed, else null.</summary>
    public string? GateFailureReason { get; init; }
    /// <summary>The gate result (every gate with its numbers), or null when no gate ran.</summary>
    public GateResult? Gate { get; init; }
    /// <summary>The metrics file, or null when the step does not evaluate.</summary>
    public MetricsFile? Evaluation { get; init; }
    /// <summary>The candidate's metrics by name (<c>auc</c>, <c>rmse</c>, ...), null where undefined on the evaluation rows; empty when the step does not evaluate.</summary>
    public IReadOnlyDictionary<string, double?> Metrics => Evaluation?.Metrics ?? new Dictionary<string, double?>();

    /// <summary>The build's errors and warnings (MLOPS and others), with file and line.</summary>
    public required IReadOnlyList<Diagnostic> Diagnostics { get; init; }
}
