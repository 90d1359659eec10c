using System.Diagnostics;
using System.Text.Json;
using MLOps.Engine.Diagnostics;
using MLOps.Engine.Reports;

namespace MLOps.Cli;

/// <summary>Where a model project's last build put its outputs: its output properties, as <c>dotnet msbuild -getProperty</c> reads them.</summary>
internal static class ProjectOutputs
{
    private static readonly string[] Properties =
        ["ModelName", "ModelGateResultPath", "ModelMetricsPath", "ModelDiagnosticsPath", "ModelValidationReportPath", "ModelHtmlReportPath", "ModelLineagePath"];

    /// <summary>The outputs of <paramref name="project"/>, or null (with an error) when it cannot be evaluated.</summary>
    public static OutputPaths? Find(string project, string? configuration, DiagnosticBag diagnostics)
    {
        if (Read(project, configuration, Properties, diagnostics) is not { } values) return null;
        string? Value(string name) => values.GetValueOrDefault(name) is { Length: > 0 } s ? s : null;
        if (Value("ModelName") is { } model && Value("ModelGateResultPath") is { } gate && Value("ModelMetricsPath") is { } metrics)
            return new OutputPaths(model, gate, metrics, Value("ModelDiagnosticsPath") ?? OutputPaths.Beside(Path.GetDirectoryName(metrics)!, model).DiagnosticsPath,
                Value("ModelValidationReportPath"), Value("ModelHtmlReportPath"), Value("ModelLineagePath"));
        diagnostics.Error(DiagnosticCodes.ProjectNotEvaluated, $"{project} is not a model project: it has no ModelName, ModelGateResultPath and ModelMetricsPath.", project);
        return null;
    }

    /// <summary>The package <c>dotnet pack</c> made of <paramref name="project"/>, or null (with an error) when it cannot be evaluated.</summary>
    public static string? Package(string project, string? configuration, DiagnosticBag diagnostics) =>
        Read(project, configuration, ["PackageOutputPath", "PackageId", "PackageVersion"], diagnostics) is { } values
            ? Path.GetFullPath(Path.Combine(Path.GetDirectoryName(project)!, values["PackageOutputPath"], $"{values["PackageId"]}.{values["PackageVersion"]}.nupkg"))
            : null;

    private static Dictionary<string, string>? Read(string project, string? configuration, IReadOnlyList<string> properties, DiagnosticBag diagnostics)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(project)! };
        foreach (var argument in (string[])["msbuild", project, "-nologo", .. properties.Select(p => $"-getProperty:{p}")]) start.ArgumentList.Add(argument);
        if (configuration is not null) start.ArgumentList.Add($"-p:Configuration={configuration}");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        var text = output.Result;
        var json = text.IndexOf('{') is var at and >= 0 ? text[at..] : "";
        try
        {
            if (process.ExitCode == 0 && json.Length > 0)
            {
                using var document = JsonDocument.Parse(json);
                return document.RootElement.GetProperty("Properties").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "");
            }
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
        }
        diagnostics.Error(DiagnosticCodes.ProjectNotEvaluated,
            $"dotnet msbuild could not evaluate {project} (exit {process.ExitCode}): {(text + error.Result).Trim()}. Is it restored? Or pass the folder of its outputs.", project);
        return null;
    }
}
