using MLOps.Engine.Diagnostics;
using MLOps.Engine.Packages;
using MLOps.Engine.Pipeline;
using MLOps.Engine.Reports;

namespace MLOps.Engine.Registry;

/// <summary>
/// Whether a model's last build is what a build now would leave, and if not, why (<c>mlops status</c>): each input that
/// changed since the build record (a data file with its hashes, a setting with its old and new value, the engine), each
/// output missing or edited since, and a baseline package the feed now resolves to another version than the one last
/// gated against. Computed as the build computes it, without building or writing anything.
/// </summary>
public sealed record ModelStatus(string Model, string ProjectFile, IReadOnlyList<string> Reasons)
{
    /// <summary>Whether a build now would change nothing: no reason to rebuild.</summary>
    public bool Current => Reasons.Count == 0;

    /// <summary>Whether the model has a build record at all.</summary>
    public bool Built { get; init; }

    /// <summary>The last build's verdict, or null when it never gated.</summary>
    public BuildVerdict? Verdict { get; init; }

    /// <summary>Whether failed gates were passed with <c>GateOverrideReason</c>.</summary>
    public bool Overridden { get; init; }

    /// <summary>The baseline's package id when the project gates against a package (<c>BaselinePackageId</c>).</summary>
    public string? BaselinePackageId { get; init; }

    /// <summary>The baseline version the last gate compared with; null when it compared with none or never ran.</summary>
    public string? GatedBaseline { get; init; }

    /// <summary>The baseline version the feed resolves to now; null without a baseline package, or when the feed could not say.</summary>
    public string? LatestBaseline { get; init; }

    /// <summary>Whether the feed now resolves the baseline to another version than the one last gated against.</summary>
    public bool BaselineMoved => GatedBaseline is not null && LatestBaseline is not null && GatedBaseline != LatestBaseline;

    /// <summary>
    /// The status of the model <paramref name="spec"/> describes. A baseline feed that cannot be asked is a warning
    /// (MLOPS5016) in <paramref name="diagnostics"/>, and the baseline is then left out of the answer.
    /// </summary>
    public static async Task<ModelStatus> CheckAsync(ModelSpec spec, DiagnosticBag diagnostics, CancellationToken cancel = default)
    {
        var outputs = spec.Outputs;
        var last = BuildOutputs.Read(new OutputPaths(spec.Name, outputs.GateResultPath, outputs.MetricsPath, outputs.DiagnosticsPath, outputs.ValidationReportPath, outputs.HtmlReportPath, null));
        var gatedBaseline = last.Gate?.Baseline?.Version;
        var package = spec.BaselineModel is null ? spec.BaselinePackage : null; // BaselineModelPath wins, as in the gate step
        var latestBaseline = package is not null ? await LatestBaselineAsync(package, spec.ProjectFile, diagnostics, cancel) : null;
        var recorded = BuildRecord.Read(outputs);
        var reasons = recorded is null ? [BuildRecord.WhyNone(outputs)] : Changes(spec, recorded);
        if (gatedBaseline is not null && latestBaseline is not null && gatedBaseline != latestBaseline)
            reasons.Add($"baseline moved: {gatedBaseline} → {latestBaseline}, rebuild to gate against it");
        return new ModelStatus(spec.Name, spec.ProjectFile, reasons)
        {
            Built = recorded is not null,
            Verdict = last.Exists ? last.Verdict : null,
            Overridden = last.Gate?.Override is not null && last.Gate.Gates.Any(g => g.Outcome == Gates.GateOutcome.Failed),
            BaselinePackageId = package?.Id,
            GatedBaseline = gatedBaseline,
            LatestBaseline = latestBaseline,
        };
    }

    /// <summary>What changed since <paramref name="recorded"/>: inputs and settings first, then outputs not as recorded.</summary>
    private static List<string> Changes(ModelSpec spec, BuildRecord recorded)
    {
        var now = Fingerprint.Compute(spec, previous: recorded); // unchanged stamps keep their recorded hashes: only edited files are read
        var reasons = recorded.InputChanges(now.EngineVersion, now.Files, now.Training, now.Settings).ToList();
        if (recorded.Evaluation is null) reasons.Add("the last build stopped before evaluating it");
        else if (reasons.Count == 0 && recorded.Evaluation != now.Evaluation) reasons.Add("its evaluation settings changed (ModelExportOnnx)");
        reasons.AddRange(recorded.OutputMismatches(spec.Outputs));
        return reasons;
    }

    private static async Task<string?> LatestBaselineAsync(BaselinePackage baseline, string projectFile, DiagnosticBag diagnostics, CancellationToken cancel)
    {
        var asked = new DiagnosticBag(int.MaxValue);
        if (await BaselineResolver.ResolveVersionAsync(baseline, projectFile, asked, cancel) is { } version) return version;
        diagnostics.Warning(DiagnosticCodes.StatusBaselineUnknown,
            $"Could not tell whether baseline {baseline.Id} moved: {string.Join(" ", asked.Complete().Select(d => $"{d.Code}: {d.Message}"))}", projectFile);
        return null;
    }
}
