using System.Text.Json;
using MLOps.Engine.Reports;

namespace Cake.MLOps;

/// <summary>Where a model project writes its outputs, as its own evaluation says (<c>dotnet msbuild -getProperty</c>).</summary>
internal sealed record ModelOutputPaths(IReadOnlyDictionary<string, string> Values, string ProjectDirectory)
{
    public static readonly string[] PropertyNames =
    [
        "ModelName", "ModelOutputPath", "ModelMetricsPath", "ModelReportPath", "ModelHtmlReportPath", "ModelGateResultPath",
        "ModelValidationReportPath", "ModelFingerprintPath", "PackageId", "PackageVersion", "PackageOutputPath",
        "ModelDiagnosticsPath", "ModelLineagePath",
    ];

    public string ModelName => Values.GetValueOrDefault("ModelName") ?? "";
    public string ModelPath => Path("ModelOutputPath");
    public string MetricsPath => Path("ModelMetricsPath");
    public string ReportPath => Path("ModelReportPath");
    public string HtmlReportPath => Path("ModelHtmlReportPath");
    public string GateResultPath => Path("ModelGateResultPath");
    public string ValidationReportPath => Path("ModelValidationReportPath");
    public string FingerprintPath => Path("ModelFingerprintPath");
    public string PackagePath => System.IO.Path.Combine(Path("PackageOutputPath"), $"{Values.GetValueOrDefault("PackageId")}.{Values.GetValueOrDefault("PackageVersion")}.nupkg");

    /// <summary>The outputs as the engine reads them for reporting (<see cref="BuildOutputs"/>).</summary>
    public OutputPaths ForReporting() => new(ModelName, GateResultPath, MetricsPath,
        Values.GetValueOrDefault("ModelDiagnosticsPath") is { Length: > 0 } ? Path("ModelDiagnosticsPath") : OutputPaths.Beside(System.IO.Path.GetDirectoryName(MetricsPath)!, ModelName).DiagnosticsPath,
        ValidationReportPath, HtmlReportPath, Values.GetValueOrDefault("ModelLineagePath") is { Length: > 0 } ? Path("ModelLineagePath") : null);

    /// <summary>Reads the JSON that <c>-getResultOutputFile</c> wrote: <c>{ "Properties": { name: value } }</c>.</summary>
    public static ModelOutputPaths Read(string resultFile, string projectDirectory)
    {
        using var json = JsonDocument.Parse(File.ReadAllBytes(resultFile));
        var values = json.RootElement.GetProperty("Properties").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "", StringComparer.Ordinal);
        return new ModelOutputPaths(values, projectDirectory);
    }

    private string Path(string name) => System.IO.Path.GetFullPath(Values.GetValueOrDefault(name) ?? "", ProjectDirectory);
}
