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
        if (ProjectEvaluation.Read(project, configuration, Properties, diagnostics) is not { } evaluated) return null;
        string? Value(string name) => evaluated.Property(name);
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
        ProjectEvaluation.Read(project, configuration, ["PackageOutputPath", "PackageId", "PackageVersion"], diagnostics, globalProperties: properties)?.Properties is { } values
            ? Path.GetFullPath(Path.Combine(Path.GetDirectoryName(project)!, values["PackageOutputPath"], $"{values["PackageId"]}.{values["PackageVersion"]}.nupkg"))
            : null;

    /// <summary>The inputs of a model project, or null when it is not one (no TrainingData, not an MLOps.Build.Sdk project) or cannot be evaluated (with an error).</summary>
    public static ModelInputs? Inputs(string project, DiagnosticBag diagnostics)
    {
        string[] items = ["TrainingData", "EvaluationData", "ReferenceData"];
        if (ProjectEvaluation.Read(project, null, ["ModelName", "UsingMLOpsBuildSdk", "DataSchemaFile", "BaselineModelPath"], diagnostics, items) is not { } evaluated) return null;
        var values = evaluated.Properties;
        var data = items.SelectMany(i => evaluated.Item(i).Select(item => item.FullPath)).ToArray();
        if (values.GetValueOrDefault("UsingMLOpsBuildSdk") != "true" && data.Length == 0) return null;
        var directory = Path.GetDirectoryName(project)!;
        var files = data.Concat(new[] { values["DataSchemaFile"], values["BaselineModelPath"] }.Where(f => f.Length > 0).Select(f => Path.GetFullPath(f, directory)));
        return new ModelInputs(values["ModelName"], project, files.ToArray());
    }
}
