using MLOps.Engine.Diagnostics;
using MLOps.Engine.Gates;
using MLOps.Engine.Packages;

namespace MLOps.Engine.Reports;

/// <summary>Where one model's build outputs are: the output properties of its project, or files named after it in a folder.</summary>
public sealed record OutputPaths(string Model, string GateResultPath, string MetricsPath, string DiagnosticsPath, string? ValidationReportPath, string? HtmlReportPath, string? LineagePath)
{
    /// <summary>Every model in <paramref name="folder"/> (by its <c>.gate.json</c>, <c>.metrics.json</c> or <c>.diagnostics.json</c>), ordered by name.</summary>
    public static IReadOnlyList<OutputPaths> InFolder(string folder) =>
        new[] { ".gate.json", ".metrics.json", ".diagnostics.json" }
            .SelectMany(suffix => Directory.EnumerateFiles(folder, "*" + suffix).Select(f => Path.GetFileName(f)[..^suffix.Length]))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(model => Beside(folder, model)).ToArray();

    /// <summary>The outputs of <paramref name="model"/> in <paramref name="folder"/>, named as the build names them by default.</summary>
    public static OutputPaths Beside(string folder, string model) => new(model,
        Path.Combine(folder, $"{model}.gate.json"), Path.Combine(folder, $"{model}.metrics.json"), Path.Combine(folder, $"{model}.diagnostics.json"),
        Path.Combine(folder, $"{model}.validation.json"), Path.Combine(folder, $"{model}.report.html"), Path.Combine(folder, $"{model}.lineage.json"));
}

/// <summary>What a model's last build concluded, as CI reports it.</summary>
public enum BuildVerdict
{
    /// <summary>Every gate passed (or some were inconclusive next to passed ones), or there are no gates.</summary>
    Passed,
    /// <summary>A gate failed, or the build failed before gating.</summary>
    Failed,
    /// <summary>Only inconclusive or skipped gates: no evidence either way.</summary>
    Inconclusive,
}

/// <summary>The outputs of one model's last build, read back for reporting after the build (<c>mlops github report</c>).</summary>
public sealed record BuildOutputs(string Model, GateResult? Gate, MetricsFile? Metrics, BuildDiagnostics? Diagnostics, ValidationReport? Validation, string? HtmlReportPath, Lineage? Lineage)
{
    /// <summary>Whether there is anything to report: a gate result, metrics or recorded diagnostics.</summary>
    public bool Exists => Gate is not null || Metrics is not null || Diagnostics is not null;

    /// <summary>Whether the build stopped with errors before it gated (the gate result, if any, is an older build's).</summary>
    public bool BuildFailed => Diagnostics?.FailedBeforeGate == true || (Gate is null && Diagnostics?.All.Any(d => d.Severity == Severity.Error) == true);

    public BuildVerdict Verdict =>
        BuildFailed || Gate is { Passed: false } ? BuildVerdict.Failed
        : Gate is { Gates.Count: > 0 } gate && gate.Gates.All(g => g.Outcome is GateOutcome.Inconclusive or GateOutcome.Skipped) ? BuildVerdict.Inconclusive
        : BuildVerdict.Passed;

    /// <summary>Reads whatever of the outputs exists; unreadable files count as missing.</summary>
    public static BuildOutputs Read(OutputPaths paths) => new(
        paths.Model,
        GateResult.TryRead(paths.GateResultPath),
        TryReadMetrics(paths.MetricsPath),
        BuildDiagnostics.TryRead(paths.DiagnosticsPath),
        paths.ValidationReportPath is { } validation ? ValidationReport.TryRead(validation) : null,
        paths.HtmlReportPath is { } html && File.Exists(html) ? html : null,
        paths.LineagePath is { } lineage && File.Exists(lineage) ? Lineage.Read(File.ReadAllBytes(lineage)) : null);

    private static MetricsFile? TryReadMetrics(string path)
    {
        try
        {
            return File.Exists(path) ? MetricsFile.Read(path) : null;
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidDataException)
        {
            return null;
        }
    }
}
