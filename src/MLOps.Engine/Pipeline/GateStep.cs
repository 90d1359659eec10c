using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MLOps.Engine.Diagnostics;
using MLOps.Engine.Gates;
using MLOps.Engine.IO;
using MLOps.Engine.Reports;
using MLOps.Runtime;

namespace MLOps.Engine.Pipeline;

/// <summary>
/// Runs the model's gates on the evaluation rows scored by the candidate and the baseline, writes the gate result
/// and the report, and turns failed gates into errors. When nothing it depends on changed, it reports the recorded
/// verdict again without recomputing: a failed gate fails every build until something changes.
/// </summary>
internal static class GateStep
{
    public static StepResult Run(ModelSpec spec, Fingerprint fingerprint, CancellationToken cancel = default)
    {
        var diagnostics = new DiagnosticBag(spec.MaxDiagnosticsPerCode);
        var messages = new List<string>();
        if (spec.BaselineModel is null && spec.BaselinePackage is { } package)
        {
            if (Packages.BaselineResolver.ResolveModel(package, spec.ProjectFile, diagnostics) is not { } resolved) return new StepResult(diagnostics.Complete(), messages);
            spec = spec with { BaselineModel = resolved.Model };
        }
        var settings = ParseSettings(spec, diagnostics);
        var candidate = ModelFiles.LoadBuilt(spec, diagnostics);
        if (settings is null || candidate is null) return new StepResult(diagnostics.Complete(), messages);
        var gates = spec.Gates.Select(g => GateDefinition.Parse(g.Metric, g.Metadata, candidate.Document.Task, spec.ProjectFile, diagnostics)).ToArray();
        var fairnessGates = spec.FairnessGates.Select(g => FairnessGate.Parse(g.Metric, g.Metadata, spec.ProjectFile, diagnostics)).ToArray();
        if (fairnessGates.Length > 0 && candidate.Document.Task != ModelTasks.BinaryClassification)
            diagnostics.Error(DiagnosticCodes.InvalidGate, $"FairnessGate compares decisions between groups, so it needs a BinaryClassification model; this one is {candidate.Document.Task}.", spec.ProjectFile);
        var sliceMinimums = spec.Slices.ToDictionary(s => s.Metric, s => MinimumRows(s, spec.ProjectFile, diagnostics), StringComparer.Ordinal);
        if (diagnostics.HasErrors) return new StepResult(diagnostics.Complete(), messages);

        var gateFingerprint = GateFingerprint(spec, fingerprint, settings);
        var recorded = GateResult.TryRead(spec.Outputs.GateResultPath);
        // The recorded verdict stands when nothing it depends on changed and its files are the ones the last gate step recorded.
        if (recorded?.Fingerprint == gateFingerprint && BuildRecord.Read(spec.Outputs) is { } build && build.GateMismatch(spec.Outputs) is null)
        {
            Report(recorded, spec, diagnostics, messages, "recorded");
            return new StepResult(diagnostics.Complete(), messages);
        }

        Model? baseline = null;
        if (spec.BaselineModel is { } baselineFile)
        {
            baseline = ModelFiles.Load(baselineFile.FullPath, DiagnosticCodes.BaselineNotFound, diagnostics, baselineFile.DisplayPath);
            if (baseline is null) return new StepResult(diagnostics.Complete(), messages);
            var (c, b) = (candidate.Document, baseline.Document);
            if (c.Task != b.Task || c.Label.Name != b.Label.Name || !c.Label.Classes.SequenceEqual(b.Label.Classes))
            {
                diagnostics.Error(DiagnosticCodes.BaselineIncompatible,
                    $"The baseline model predicts {b.Task} of '{b.Label.Name}' ({string.Join("/", b.Label.Classes)}) but the candidate predicts {c.Task} of '{c.Label.Name}' ({string.Join("/", c.Label.Classes)}); they cannot be compared.",
                    baselineFile.DisplayPath);
                return new StepResult(diagnostics.Complete(), messages);
            }
        }

        var evaluation = EvaluationData.Load(spec, candidate.Document, candidate.Document.Training.Seed, diagnostics, baseline?.Document);
        if (evaluation is null) return new StepResult(diagnostics.Complete(), messages);
        var groups = EvaluationData.LoadGroups(spec, sliceMinimums.Keys.Concat(fairnessGates.Select(f => f!.Column)).Distinct().ToArray(), candidate.Document.Training.Seed, diagnostics);
        if (groups is null) return new StepResult(diagnostics.Complete(), messages);
        // One score per row, or (multiclass) every class's probability per row.
        var candidateScores = candidate.ScoresFor(spec, evaluation, diagnostics);
        if (candidateScores is null) return new StepResult(diagnostics.Complete(), messages);
        var baselineScores = baseline is null ? null : ModelBuild.ScoresOf(baseline, evaluation.Rows);
        var slices = sliceMinimums.SelectMany(s => EvaluationSlice.Of(s.Key, groups[s.Key], s.Value)).ToArray();
        var verdicts = GateEvaluator.Evaluate(candidate.Document.Task, gates!, evaluation.Labels, candidateScores, baselineScores, settings with { Cancel = cancel }, spec.ProjectFile, diagnostics, slices)
            .Concat(fairnessGates.Select(f => f!.Decide(evaluation.Labels, candidateScores, baselineScores, groups[f.Column]))).ToArray();
        if (diagnostics.HasErrors) return new StepResult(diagnostics.Complete(), messages);

        var failed = verdicts.Any(v => v.Outcome == GateOutcome.Failed);
        var overrideRecord = failed && !string.IsNullOrWhiteSpace(spec.GateOverrideReason)
            ? new GateOverride(spec.GateOverrideReason!, WhoIsBuilding(), DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture))
            : null;
        var result = new GateResult(spec.Name, !failed, settings.Correction, spec.BaselineModel?.DisplayPath, verdicts, overrideRecord, gateFingerprint);
        result.Write(spec.Outputs.GateResultPath);
        AtomicFile.WriteAllText(spec.Outputs.HtmlReportPath,
            HtmlReport.Render(spec.Name, result, evaluation.Labels, candidateScores, baselineScores, candidate.Document.Label.Classes));
        if (File.Exists(spec.Outputs.MetricsPath))
            AtomicFile.WriteAllText(spec.Outputs.ReportPath,
                MarkdownReport.Render(candidate.Document, MetricsFile.Read(spec.Outputs.MetricsPath), spec.TrainingData.Select(f => f.DisplayPath).ToArray(), result));
        BuildRecord.Gated(spec.Outputs);
        Report(result, spec, diagnostics, messages, "evaluated");
        return new StepResult(diagnostics.Complete(), messages);
    }

    private static GateSettings? ParseSettings(ModelSpec spec, DiagnosticBag diagnostics)
    {
        if (!Corrections.All.Contains(spec.GateCorrection))
            diagnostics.Error(DiagnosticCodes.InvalidGate, $"ModelGateCorrection '{spec.GateCorrection}' is not one of: {string.Join(", ", Corrections.All)}.", spec.ProjectFile);
        if (!int.TryParse(spec.GateResamples, NumberStyles.Integer, CultureInfo.InvariantCulture, out var resamples) || resamples is < 100 or > 1_000_000)
            diagnostics.Error(DiagnosticCodes.InvalidGate, $"ModelGateResamples '{spec.GateResamples}' must be a whole number from 100 to 1000000.", spec.ProjectFile);
        _ = int.TryParse(spec.Seed, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed);
        return diagnostics.HasErrors ? null : new GateSettings(spec.GateCorrection, resamples, seed);
    }

    private static int MinimumRows(GateItem slice, string projectFile, DiagnosticBag diagnostics)
    {
        var text = slice.Metadata.GetValueOrDefault("MinimumRows");
        if (string.IsNullOrWhiteSpace(text)) return DefaultSliceMinimumRows;
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var rows) && rows >= 1) return rows;
        diagnostics.Error(DiagnosticCodes.InvalidGate, $"SliceColumn '{slice.Metric}' has MinimumRows=\"{text}\"; it must be a whole number ≥ 1.", projectFile);
        return 0;
    }

    /// <summary>Slices smaller than this are inconclusive unless a SliceColumn says otherwise.</summary>
    public const int DefaultSliceMinimumRows = 100;

    private static void Report(GateResult result, ModelSpec spec, DiagnosticBag diagnostics, List<string> messages, string how)
    {
        foreach (var verdict in result.Gates)
        {
            switch (verdict.Outcome)
            {
                case GateOutcome.Failed when result.Override is { } o:
                    diagnostics.Warning(DiagnosticCodes.GateOverridden, $"Gate '{Name(verdict)}' failed and is overridden by {o.By} ({o.Reason}): {verdict.Explanation}", spec.ProjectFile);
                    break;
                case GateOutcome.Failed:
                    diagnostics.Error(DiagnosticCodes.GateFailed, $"Gate '{Name(verdict)}' failed: {verdict.Explanation}", spec.ProjectFile);
                    break;
                case GateOutcome.Skipped:
                    diagnostics.Warning(DiagnosticCodes.NoBaseline, $"Gate '{Name(verdict)}' is {verdict.Explanation}.", spec.ProjectFile);
                    break;
                case GateOutcome.Inconclusive:
                    diagnostics.Warning(DiagnosticCodes.GateInconclusive, $"Gate '{Name(verdict)}' is inconclusive: {verdict.Explanation}.", spec.ProjectFile);
                    break;
            }
        }
        var passed = result.Gates.Count(g => g.Outcome == GateOutcome.Passed);
        messages.Add(result.Gates.Count == 0
            ? $"{spec.Name}: no gates defined."
            : $"{spec.Name}: {passed} of {result.Gates.Count} gates passed ({how}) -> {spec.Outputs.GateResultPath}");
    }

    private static string Name(GateVerdict verdict) => verdict.Slice is null ? verdict.Gate : $"{verdict.Gate}' on slice '{verdict.Slice}";

    private static string GateFingerprint(ModelSpec spec, Fingerprint fingerprint, GateSettings settings)
    {
        var text = new StringBuilder()
            .Append("evaluation=").AppendLine(fingerprint.Evaluation)
            .Append("baseline=").AppendLine(spec.BaselineModel is { } b && File.Exists(b.FullPath) ? Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(b.FullPath))) : "none")
            .Append("correction=").AppendLine(settings.Correction)
            .Append("resamples=").AppendLine(settings.Resamples.ToString(CultureInfo.InvariantCulture))
            .Append("override=").AppendLine(spec.GateOverrideReason ?? "");
        foreach (var (kind, items) in new[] { ("slice", spec.Slices), ("fairness", spec.FairnessGates) })
            foreach (var item in items)
                text.Append(kind).Append(':').Append(item.Metric).AppendLine(string.Concat(item.Metadata.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => $";{m.Key}={m.Value}")));
        foreach (var gate in spec.Gates)
            text.Append("gate:").Append(gate.Metric).AppendLine(string.Concat(gate.Metadata.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => $";{m.Key}={m.Value}")));
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()))).ToLowerInvariant();
    }

    /// <summary>Who is building, from the CI system's or the shell's variables.</summary>
    private static string WhoIsBuilding()
    {
        foreach (var name in new[] { "GITHUB_ACTOR", "BUILD_REQUESTEDFOR", "GITLAB_USER_LOGIN", "USER", "USERNAME" })
            if (Environment.GetEnvironmentVariable(name) is { Length: > 0 } who) return name is "USER" or "USERNAME" ? who : $"{who} ({name})";
        return "unknown";
    }
}
