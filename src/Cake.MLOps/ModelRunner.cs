using Cake.Core;
using Cake.Core.Diagnostics;
using Cake.Core.IO;
using MLOps.Engine.Diagnostics;
using MLOps.Engine.Gates;
using MLOps.Engine.Pipeline;
using MLOps.Engine.Reports;

namespace Cake.MLOps;

/// <summary>Runs a model step with dotnet, forwards its log to Cake's, and reads the result from the files it wrote.</summary>
internal sealed class ModelRunner(ICakeContext context)
{
    // Errors that mean "the gates said no" rather than "the build broke".
    private static readonly HashSet<string> GateFailureCodes = [DiagnosticCodes.GateFailed, DiagnosticCodes.GateFailedNotPublished, DiagnosticCodes.GateFailedNotPacked];

    public MLOpsModelResult Run(ModelStep step, FilePath project, MLOpsSettings settings, bool evaluates, bool packs)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(settings);
        var projectPath = project.MakeAbsolute(context.Environment);
        if (!context.FileSystem.Exist(projectPath))
            throw new CakeException($"The model project {projectPath.FullPath} does not exist.");

        var outputs = OutputPaths(step, projectPath, settings);
        var before = OutputState.Of(outputs);
        var (exitCode, diagnostics) = Dotnet(ModelArguments.For(step, projectPath.FullPath, settings, context.Environment.WorkingDirectory), projectPath);
        var errors = diagnostics.Where(d => d.Severity == Severity.Error).ToArray();
        var gateFailed = exitCode != 0 && errors.Length > 0 && errors.All(e => GateFailureCodes.Contains(e.Code));
        if (exitCode != 0 && !gateFailed)
            throw new CakeException(errors.Length == 0
                ? $"{outputs.ModelName}: dotnet {step.Command} {projectPath.FullPath} failed with exit code {exitCode}."
                : $"{outputs.ModelName}: {string.Join(Environment.NewLine, errors.Select(e => e.ToString()))}");
        var gateFailureReason = gateFailed ? string.Join(Environment.NewLine, errors.Select(e => e.Message)) : null;
        if (gateFailed && settings.ThrowOnGateFailure)
            throw new CakeException($"{outputs.ModelName}: {gateFailureReason}");

        var gate = step == ModelStep.ValidateData || step == ModelStep.Evaluate ? null : GateResult.TryRead(outputs.GateResultPath);
        var (upToDate, reason) = before.Compare(OutputState.Of(outputs));
        return new MLOpsModelResult
        {
            ModelName = outputs.ModelName,
            ProjectPath = projectPath,
            ModelPath = outputs.ModelPath,
            MetricsPath = outputs.MetricsPath,
            ReportPath = outputs.ReportPath,
            HtmlReportPath = outputs.HtmlReportPath,
            GateResultPath = outputs.GateResultPath,
            ValidationReportPath = File.Exists(outputs.ValidationReportPath) ? new FilePath(outputs.ValidationReportPath) : null,
            PackagePath = packs ? new FilePath(outputs.PackagePath) : null,
            UpToDate = upToDate,
            UpToDateReason = reason,
            Verdict = gateFailed ? MLOpsVerdict.Failed : gate is null ? MLOpsVerdict.NotGated : gate.Passed ? MLOpsVerdict.Passed : gate.Override is not null ? MLOpsVerdict.Overridden : MLOpsVerdict.Failed,
            GateFailureReason = gateFailureReason,
            Gate = gate,
            Evaluation = evaluates && File.Exists(outputs.MetricsPath) ? MetricsFile.Read(outputs.MetricsPath) : null,
            Diagnostics = diagnostics,
        };
    }

    /// <summary>Where <paramref name="project"/> writes its outputs with these settings, as its own evaluation says.</summary>
    public ModelOutputPaths OutputPaths(ModelStep step, FilePath project, MLOpsSettings settings)
    {
        var resultFile = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"cake-mlops-{Guid.NewGuid():N}.json");
        try
        {
            var (exitCode, diagnostics) = Dotnet(ModelArguments.ForOutputPaths(step, project.FullPath, settings, resultFile, context.Environment.WorkingDirectory), project);
            if (exitCode != 0 || !File.Exists(resultFile))
                throw new CakeException($"{project.FullPath} could not be evaluated: {string.Join(Environment.NewLine, diagnostics.Where(d => d.Severity == Severity.Error).Select(d => d.ToString()).DefaultIfEmpty($"dotnet msbuild exited with code {exitCode}"))}");
            return ModelOutputPaths.Read(resultFile, project.GetDirectory().FullPath);
        }
        finally
        {
            File.Delete(resultFile);
        }
    }

    /// <summary>Runs dotnet in the project's folder; errors and warnings go to Cake's log as such, with file and line, other lines as information.</summary>
    private (int ExitCode, IReadOnlyList<Diagnostic> Diagnostics) Dotnet(IReadOnlyList<string> arguments, FilePath project)
    {
        var builder = new ProcessArgumentBuilder();
        foreach (var argument in arguments) builder.AppendQuoted(argument);
        var diagnostics = new List<Diagnostic>();
        string? Forward(string? line)
        {
            if (line is null) return null;
            var diagnostic = BuildOutputLine.TryParse(line);
            lock (diagnostics)
            {
                // dotnet build repeats its warnings and errors in a closing summary: each goes to the log once.
                if (diagnostic is not null && diagnostics.Contains(diagnostic)) return line;
                if (diagnostic is not null) diagnostics.Add(diagnostic);
                if (diagnostic?.Severity == Severity.Error) context.Log.Error("{0}", line.Trim());
                else if (diagnostic?.Severity == Severity.Warning) context.Log.Warning("{0}", line.Trim());
                else if (line.Trim().Length > 0) context.Log.Information("{0}", line);
            }
            return line;
        }
        var settings = new ProcessSettings
        {
            Arguments = builder,
            WorkingDirectory = project.GetDirectory(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectedStandardOutputHandler = Forward,
            RedirectedStandardErrorHandler = Forward,
            Silent = true,
        };
        using var process = context.ProcessRunner.Start(context.Tools.Resolve("dotnet") ?? new FilePath("dotnet"), settings)
            ?? throw new CakeException("dotnet could not be started.");
        process.WaitForExit();
        // Reading the redirected streams to their end makes sure every line went through Forward.
        _ = process.GetStandardOutput().ToArray();
        _ = process.GetStandardError().ToArray();
        return (process.GetExitCode(), diagnostics);
    }

    /// <summary>The build record beside the outputs before and after a build: what tells a reused model from a new one.</summary>
    private sealed record OutputState(BuildRecord? Record, string ModelFileName)
    {
        public static OutputState Of(ModelOutputPaths outputs) => new(BuildRecord.Read(outputs.FingerprintPath), System.IO.Path.GetFileName(outputs.ModelPath));

        /// <summary>Whether the build left the model as it was, and why not (the engine's own words).</summary>
        public (bool UpToDate, string Reason) Compare(OutputState after)
        {
            if (Record is null) return (false, "it had not been built yet");
            if (after.Record is null) return (false, "it was not built");
            return after.Record.CompareModel(Record, ModelFileName);
        }
    }
}
