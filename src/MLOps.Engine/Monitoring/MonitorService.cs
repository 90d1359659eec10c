using MLOps.Engine.Diagnostics;
using MLOps.Engine.IO;
using MLOps.Runtime;
using MLOps.Runtime.Monitoring;

namespace MLOps.Engine.Monitoring;

/// <summary>What the front ends hand the engine: the package's reference profile, its model (needed to read rows, not profiles), the current data and the thresholds.</summary>
public sealed record MonitorInputs(ScoringProfile ReferenceProfile, Model? Model, CurrentRequest Current, MonitorSettings Settings);

/// <summary>The monitoring step the CLI and the MonitorModel target share: read, check, report, and turn findings into diagnostics.</summary>
public static class MonitorService
{
    /// <summary>File names of the reports in the output folder.</summary>
    public const string Markdown = "monitor.md", Html = "monitor.html", Json = "monitor.json";

    /// <summary>The result, or null with errors (unreadable data, labels, profiles).</summary>
    public static MonitorResult? Run(MonitorInputs inputs, DiagnosticBag diagnostics, CancellationToken cancel = default)
    {
        MonitorReference reference;
        try
        {
            reference = ProfileReference.From(inputs.ReferenceProfile);
        }
        catch (InvalidDataException e)
        {
            diagnostics.Error(DiagnosticCodes.MonitorProfileUnreadable, e.Message);
            return null;
        }
        if (inputs.Model is not null && inputs.ReferenceProfile.Model.Fingerprint != inputs.Model.Document.Training.Fingerprint)
        {
            diagnostics.Error(DiagnosticCodes.MonitorProfileMismatch, $"The reference profile is of another model than {inputs.Model.Document.Name}'s model file (training fingerprints differ).");
            return null;
        }
        if (CurrentReader.Read(inputs.ReferenceProfile, reference, inputs.Model, inputs.Current, diagnostics, cancel) is not { Count: > 0 } chunks) return null;
        var result = MonitorRun.Run(reference, chunks, inputs.Settings, cancel);
        if (result.Estimate.NotPossible is { } why) diagnostics.Info(DiagnosticCodes.MonitorEstimateUnavailable, why);
        return result;
    }

    /// <summary>Writes monitor.md, monitor.html and monitor.json into <paramref name="folder"/>, each replaced whole.</summary>
    public static IReadOnlyList<string> WriteReports(MonitorResult result, string folder)
    {
        Directory.CreateDirectory(folder);
        var files = new[] { (Markdown, MonitorMarkdown.Render(result)), (Html, MonitorHtml.Render(result)), (Json, MonitorJson.Render(result)) };
        foreach (var (name, text) in files) AtomicFile.WriteAllText(Path.Combine(folder, name), text);
        return files.Select(f => Path.Combine(folder, f.Item1)).ToArray();
    }

    /// <summary>
    /// A warning (or error) per drifted check (MLOPS6010) and per degraded metric (MLOPS6011), so a build's error list
    /// and a CI log show what monitoring found.
    /// </summary>
    public static void Report(MonitorResult result, DiagnosticBag diagnostics, string? file, bool driftIsError = false, bool degradedIsError = false)
    {
        foreach (var check in result.Drifted)
        {
            var message = $"{result.ModelName}: drift in {MonitorText.Name(check)}: {check.Explanation}.";
            if (driftIsError) diagnostics.Error(DiagnosticCodes.MonitorDrift, message, file);
            else diagnostics.Warning(DiagnosticCodes.MonitorDrift, message, file);
        }
        foreach (var metric in MonitorText.DegradedMetrics(result))
        {
            var message = $"{result.ModelName}: performance degraded: {metric}.";
            if (degradedIsError) diagnostics.Error(DiagnosticCodes.MonitorDegraded, message, file);
            else diagnostics.Warning(DiagnosticCodes.MonitorDegraded, message, file);
        }
    }
}
