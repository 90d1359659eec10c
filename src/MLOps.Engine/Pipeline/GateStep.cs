using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MLOps.Engine.Diagnostics;
using MLOps.Engine.Gates;
using MLOps.Engine.IO;
using MLOps.Engine.Reports;
using MLOps.Engine.Vocabulary;
using MLOps.Runtime;

namespace MLOps.Engine.Pipeline;

/// <summary>
/// Runs the model's gates on the evaluation rows scored by the candidate and the baseline, writes the gate result
/// and the report, and turns failed gates into errors. When nothing it depends on changed, it reports the recorded
/// verdict again without recomputing: a failed gate fails every build until something changes.
/// </summary>
internal static class GateStep
{
    public static StepResult Run(ModelSpec spec, Fingerprint fingerprint, CancellationToken cancel = default, BuildData? data = null)
    {
        using var invariant = InvariantCultureScope.Enter(); // messages read alike on every machine
        var diagnostics = new DiagnosticBag(spec.MaxDiagnosticsPerCode);
        var messages = new List<string>();
        string? baselineVersion = null;
        if (spec.BaselineModel is null && spec.BaselinePackage is { } package)
        {
            if (Packages.BaselineResolver.ResolveModel(package, spec.ProjectFile, diagnostics) is not { } resolved) return new StepResult(diagnostics.Complete(), messages);
            (spec, baselineVersion) = (spec with { BaselineModel = resolved.Model }, resolved.Version);
        }
        var settings = Settings.Check(spec, diagnostics)?.Gates;
        var candidate = ModelFiles.LoadBuilt(spec, diagnostics);
        if (settings is null || candidate is null) return new StepResult(diagnostics.Complete(), messages);
        var gates = spec.Gates.Select(g => GateDefinition.Parse(g.Metric, g.Metadata, ModelTasks.Of(candidate.Document), spec.ProjectFile, diagnostics)).ToArray();
        var fairnessGates = spec.FairnessGates.Select(g => FairnessGate.Parse(g.Metric, g.Metadata, spec.ProjectFile, diagnostics)).ToArray();
        if (fairnessGates.Length > 0 && ModelTasks.Of(candidate.Document) != ModelTask.BinaryClassification)
            diagnostics.Error(DiagnosticCodes.InvalidGate, $"FairnessGate compares decisions between groups, so it needs a BinaryClassification model; this one is {candidate.Document.Task}.", spec.ProjectFile);
        var sliceMinimums = spec.Slices.ToDictionary(s => s.Metric, s => MinimumRows(s, spec.ProjectFile, diagnostics), StringComparer.Ordinal);
        GateOverrides.CheckScope(spec, diagnostics);
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
                    $"The baseline model predicts {b.Task} of '{b.Label.Name}' ({MessageText.FirstFew(b.Label.Classes, "/")}) but the candidate predicts {c.Task} of '{c.Label.Name}' ({MessageText.FirstFew(c.Label.Classes, "/")}); they cannot be compared.",
                    baselineFile.DisplayPath);
                return new StepResult(diagnostics.Complete(), messages);
            }
        }

        var evaluation = EvaluationData.Load(spec, candidate.Document, candidate.Document.Training.Seed, diagnostics, baseline?.Document, data);
        if (evaluation is null) return new StepResult(diagnostics.Complete(), messages);
        var groups = EvaluationData.LoadGroups(spec, sliceMinimums.Keys.Concat(fairnessGates.Select(f => f!.Column)).Distinct().ToArray(), candidate.Document.Training.Seed, diagnostics, data);
        if (groups is null) return new StepResult(diagnostics.Complete(), messages);
        // One score per row, or (multiclass) every class's probability per row.
        // Scored and measured by this build's evaluation when it ran: the same model on the same rows.
        var evaluated = data?.Evaluated is { } e && candidate.Scorer is not null && e.Fits(candidate.Sha256, candidate.Document, evaluation.Rows) ? e : null;
        var candidateScores = evaluated?.Scores ?? candidate.ScoresFor(spec, evaluation, diagnostics);
        if (candidateScores is null) return new StepResult(diagnostics.Complete(), messages);
        var baselineScores = baseline is null ? null : ModelBuild.ScoresOf(baseline, evaluation.Rows);
        var slices = sliceMinimums.SelectMany(s => EvaluationSlice.Of(s.Key, groups[s.Key], s.Value)).ToArray();
        var verdicts = GateEvaluator.Evaluate(ModelTasks.Of(candidate.Document), gates!, evaluation.Labels, candidateScores, baselineScores, settings with { Cancel = cancel }, spec.ProjectFile, diagnostics, slices, evaluated?.Metrics)
            .Concat(fairnessGates.Select(f => f!.Decide(evaluation.Labels, candidateScores, baselineScores, groups[f.Column]))).ToArray();
        if (diagnostics.HasErrors) return new StepResult(diagnostics.Complete(), messages);

        var failed = verdicts.Any(v => v.Outcome == GateOutcome.Failed);
        var result = new GateResult(spec.Name, !failed, settings.Correction, spec.BaselineModel?.DisplayPath, verdicts, GateOverrides.Record(spec, verdicts), gateFingerprint)
        {
            Candidate = new ModelIdentity(Path.GetFileName(spec.Outputs.ModelPath), candidate.Sha256, spec.Version), // the bytes scored
            Baseline = spec.BaselineModel is { } file ? Identify(file.FullPath, file.DisplayPath, baselineVersion ?? PackedVersion(file.FullPath)) : null,
        };
        result.Write(spec.Outputs.GateResultPath);
        var drift = spec.DataSchema is null ? null : ValidationReport.TryRead(spec.Outputs.ValidationReportPath)?.Drift;
        AtomicFile.WriteAllText(spec.Outputs.HtmlReportPath,
            HtmlReport.Render(spec.Name, result, evaluation.Labels, candidateScores, baselineScores, candidate.Document.Label.Classes, drift, evaluated?.Metrics));
        if (File.Exists(spec.Outputs.MetricsPath))
            AtomicFile.WriteAllText(spec.Outputs.ReportPath,
                MarkdownReport.Render(candidate.Document, MetricsFile.Read(spec.Outputs.MetricsPath), spec.TrainingData.Select(f => f.DisplayPath).ToArray(), result, drift));
        BuildRecord.Gated(spec.Outputs);
        Report(result, spec, diagnostics, messages, "evaluated");
        return new StepResult(diagnostics.Complete(), messages);
    }

    private static int MinimumRows(GateItem slice, string projectFile, DiagnosticBag diagnostics)
    {
        var text = slice.Metadata.GetValueOrDefault("MinimumRows");
        if (string.IsNullOrWhiteSpace(text)) return ModelDefaults.SliceMinimumRows;
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var rows) && rows >= 1) return rows;
        diagnostics.Error(DiagnosticCodes.InvalidGate, $"SliceColumn '{slice.Metric}' has MinimumRows=\"{text}\"; it must be a whole number ≥ 1.", projectFile);
        return 0;
    }

    private static void Report(GateResult result, ModelSpec spec, DiagnosticBag diagnostics, List<string> messages, string how)
    {
        foreach (var verdict in result.Gates)
        {
            switch (verdict.Outcome)
            {
                case GateOutcome.Failed when result.Override is { } o && o.Covers(verdict):
                    diagnostics.Warning(DiagnosticCodes.GateOverridden, $"Gate '{Name(verdict)}' failed and is overridden by {o.Who} ({o.Reason}): {verdict.Explanation}", spec.ProjectFile);
                    break;
                case GateOutcome.Failed:
                    var notCovered = result.Override is { Gates: { } scope } ? $" (GateOverrideGates names {string.Join(", ", scope)}, not {verdict.Metric})" : "";
                    diagnostics.Error(DiagnosticCodes.GateFailed, $"Gate '{Name(verdict)}' failed{notCovered}: {verdict.Explanation}", spec.ProjectFile);
                    break;
                case GateOutcome.Skipped:
                    diagnostics.Warning(DiagnosticCodes.NoBaseline, $"Gate '{Name(verdict)}' is {verdict.Explanation}.", spec.ProjectFile);
                    break;
                case GateOutcome.Inconclusive:
                    diagnostics.Warning(DiagnosticCodes.GateInconclusive, $"Gate '{Name(verdict)}' is inconclusive: {verdict.Explanation}.", spec.ProjectFile);
                    break;
            }
        }
        if (result.Override is { By: null } nobody)
            diagnostics.Warning(DiagnosticCodes.GateOverriddenByNobodyNamed,
                $"Failed gates are overridden ({nobody.Reason}) but nobody is named as doing so: set GateOverrideBy, or build where GITHUB_ACTOR, BUILD_REQUESTEDFOR, GITLAB_USER_LOGIN, USER or USERNAME is set. The gate result records no one.",
                spec.ProjectFile);
        messages.Add(result.Gates.Count == 0
            ? $"{spec.Name}: no gates defined."
            : $"{spec.Name}: {result.Counts} ({how}) -> {spec.Outputs.GateResultPath}");
    }

    private static string Name(GateVerdict verdict) => verdict.Slice is null ? verdict.Gate : $"{verdict.Gate}' on slice '{verdict.Slice}";

    private static string GateFingerprint(ModelSpec spec, Fingerprint fingerprint, GateSettings settings)
    {
        var text = new StringBuilder()
            .Append("evaluation=").AppendLine(fingerprint.Evaluation)
            .Append("baseline=").AppendLine(spec.BaselineModel is { } b && File.Exists(b.FullPath) ? Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(b.FullPath))) : "none")
            .Append("correction=").AppendLine(settings.Correction)
            .Append("resamples=").AppendLine(settings.Resamples.ToString(CultureInfo.InvariantCulture))
            .Append("override=").AppendLine(spec.GateOverrideReason ?? "")
            .Append("override gates=").AppendLine(string.Join(";", spec.GateOverrideGates))
            .Append("override by=").AppendLine(spec.GateOverrideBy ?? "")
            .Append("version=").AppendLine(spec.Version ?? "");
        foreach (var (kind, items) in new[] { ("slice", spec.Slices), ("fairness", spec.FairnessGates) })
            foreach (var item in items)
                text.Append(kind).Append(':').Append(item.Metric).AppendLine(string.Concat(item.Metadata.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => $";{m.Key}={m.Value}")));
        foreach (var gate in spec.Gates)
            text.Append("gate:").Append(gate.Metric).AppendLine(string.Concat(gate.Metadata.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => $";{m.Key}={m.Value}")));
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()))).ToLowerInvariant();
    }

    /// <summary>A model file named as the reports show it, with the SHA-256 of its bytes.</summary>
    private static ModelIdentity? Identify(string path, string display, string? version) =>
        File.Exists(path) ? new ModelIdentity(display.Replace('\\', '/'), FileHash.Sha256Of(path), version) : null;

    /// <summary>The version of a model that sits in an unpacked model package (its lineage beside it), or null.</summary>
    private static string? PackedVersion(string modelPath)
    {
        var lineage = Path.Combine(Path.GetDirectoryName(modelPath) ?? "", Path.GetFileName(modelPath).Replace(".model.json", ".lineage.json"));
        return File.Exists(lineage) ? Packages.Lineage.Read(File.ReadAllBytes(lineage))?.Version : null;
    }
}
