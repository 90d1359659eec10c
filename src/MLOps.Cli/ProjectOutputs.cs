using System.Diagnostics;
using System.Text.Json;
using MLOps.Engine.Diagnostics;
using MLOps.Engine.Pipeline;
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

    /// <summary>
    /// The package <c>dotnet pack</c> made of <paramref name="project"/>, or null (with an error) when it cannot be evaluated;
    /// <paramref name="properties"/> (Name=Value) are the ones pack was given, e.g. a Version taken from the tag.
    /// </summary>
    public static string? Package(string project, string? configuration, IReadOnlyList<string> properties, DiagnosticBag diagnostics) =>
        Read(project, configuration, ["PackageOutputPath", "PackageId", "PackageVersion"], diagnostics, globalProperties: properties) is { } values
            ? Path.GetFullPath(Path.Combine(Path.GetDirectoryName(project)!, values["PackageOutputPath"], $"{values["PackageId"]}.{values["PackageVersion"]}.nupkg"))
            : null;

    /// <summary>The inputs of a model project, or null when it is not one (no TrainingData, not an MLOps.Build.Sdk project) or cannot be evaluated (with an error).</summary>
    public static ModelInputs? Inputs(string project, DiagnosticBag diagnostics)
    {
        string[] items = ["TrainingData", "EvaluationData", "ReferenceData"];
        if (Read(project, null, ["ModelName", "UsingMLOpsBuildSdk", "DataSchemaFile", "BaselineModelPath"], diagnostics, items) is not { } values) return null;
        var data = items.SelectMany(i => values.GetValueOrDefault(i, "").Split('\n', StringSplitOptions.RemoveEmptyEntries)).ToArray();
        if (values.GetValueOrDefault("UsingMLOpsBuildSdk") != "true" && data.Length == 0) return null;
        var directory = Path.GetDirectoryName(project)!;
        var files = data.Concat(new[] { values["DataSchemaFile"], values["BaselineModelPath"] }.Where(f => f.Length > 0).Select(f => Path.GetFullPath(f, directory)));
        return new ModelInputs(values["ModelName"], project, files.ToArray());
    }

    /// <summary>
    /// Evaluates <paramref name="project"/>: its <paramref name="properties"/>, and the full paths of each of <paramref name="items"/>
    /// (one a line). Null, with an error, when it cannot be evaluated.
    /// </summary>
    private static Dictionary<string, string>? Read(string project, string? configuration, IReadOnlyList<string> properties, DiagnosticBag diagnostics,
        IReadOnlyList<string>? items = null, IReadOnlyList<string>? globalProperties = null)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(project)! };
        foreach (var argument in (string[])["msbuild", project, "-nologo", .. properties.Select(p => $"-getProperty:{p}"), .. (items ?? []).Select(i => $"-getItem:{i}")])
            start.ArgumentList.Add(argument);
        if (configuration is not null) start.ArgumentList.Add($"-p:Configuration={configuration}");
        foreach (var property in globalProperties ?? []) start.ArgumentList.Add($"-p:{property}");
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
                var values = document.RootElement.GetProperty("Properties").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "");
                if (document.RootElement.TryGetProperty("Items", out var found))
                    foreach (var item in found.EnumerateObject())
                        values[item.Name] = string.Join('\n', item.Value.EnumerateArray().Select(i => i.GetProperty("FullPath").GetString()));
                return values;
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
