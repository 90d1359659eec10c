using System.Globalization;
using Microsoft.Build.Framework;
using MLOps.Engine.Data;
using MLOps.Engine.Diagnostics;
using MLOps.Engine.Monitoring;
using MLOps.Engine.Pipeline;
using MLOps.Engine.Registry;
using MSBuildTask = Microsoft.Build.Utilities.Task;

namespace MLOps.Build.Tasks;

/// <summary>
/// The <c>MonitorModel</c> target's task: monitors the built model (or <see cref="ModelPackage"/>) on the
/// <c>MonitoringData</c> items with the engine's monitoring step, writes its reports, and logs drift and degradation
/// as MLOPS6010/MLOPS6011 warnings (errors when the project asks).
/// </summary>
public sealed class MonitorModel : MSBuildTask, ICancelableTask
{
    private readonly CancellationTokenSource _cancel = new();

    /// <summary>MSBuild calls this on Ctrl+C: reading and scoring stop at their next check; no report is written.</summary>
    public void Cancel() => _cancel.Cancel();

    [Required] public string ProjectFile { get; set; } = "";
    [Required] public string ProjectDirectory { get; set; } = "";
    /// <summary>The built model file; its reference profile is read beside it.</summary>
    public string ModelPath { get; set; } = "";
    /// <summary>A .nupkg or extracted package to monitor instead of the built model.</summary>
    public string ModelPackage { get; set; } = "";
    public ITaskItem[] MonitoringData { get; set; } = [];
    public string Labels { get; set; } = "";
    public string Key { get; set; } = "";
    public string Chunk { get; set; } = "";
    public string Alpha { get; set; } = "";
    public string MaxDecrease { get; set; } = "";
    [Required] public string ReportDirectory { get; set; } = "";
    public bool DriftIsError { get; set; }
    public bool DegradedIsError { get; set; }

    /// <summary>Healthy, Drift or Degraded.</summary>
    [Output] public string Verdict { get; set; } = "";

    public override bool Execute()
    {
        var diagnostics = new DiagnosticBag(int.MaxValue);
        var messages = new List<string>();
        try
        {
            if (Run(diagnostics) is { } result)
            {
                Verdict = result.Verdict.ToString();
                var files = MonitorService.WriteReports(result, ReportDirectory);
                MonitorService.Report(result, diagnostics, ProjectFile, DriftIsError, DegradedIsError);
                messages.Add($"{MonitorText.Headline(result)}. Reports: {string.Join(", ", files)}");
            }
        }
        catch (OperationCanceledException) when (_cancel.IsCancellationRequested)
        {
            diagnostics.Error(DiagnosticCodes.Canceled, "MonitorModel was canceled. The reports of the last complete run are kept as they were.", ProjectFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            diagnostics.Error(DiagnosticCodes.FileAccessFailed, $"A file could not be read or written: {e.Message}", ProjectFile);
        }
        EngineLog.Write(Log, new StepResult(diagnostics.Complete(), messages), ProjectFile);
        return !Log.HasLoggedErrors;
    }

    private MonitorResult? Run(DiagnosticBag diagnostics)
    {
        if (MonitoringData.Length == 0)
        {
            diagnostics.Error(DiagnosticCodes.MonitorDataNotFound, "MonitorModel has no MonitoringData items: add the current data (CSV files, a prediction log folder, or profiles) as <MonitoringData Include=\"...\" />.", ProjectFile);
            return null;
        }
        ChunkBy? chunk = null;
        if (Chunk.Length > 0 && (chunk = ChunkBy.Parse(Chunk, out var error)) is null)
        {
            diagnostics.Error(DiagnosticCodes.MonitorInvalidSetting, $"MonitorChunk: {error}", ProjectFile);
            return null;
        }
        if (!Number(Alpha, 0.05, "MonitorAlpha", diagnostics, out var alpha) || !Number(MaxDecrease, 0.02, "MonitorMaxDecrease", diagnostics, out var maxDecrease)) return null;
        var monitored = ModelPackage.Length > 0 ? Package(diagnostics) : MonitorSources.FromModelFile(ModelPath, Path.GetFileName(ModelPath), diagnostics);
        if (monitored is null) return null;
        var data = MonitoringData.Select(i => DataFile.Resolve(ProjectDirectory, i.ItemSpec)).ToArray();
        var labels = Labels.Length > 0 ? new LabelJoin(DataFile.Resolve(ProjectDirectory, Labels), Key) : null;
        var settings = new MonitorSettings { Alpha = alpha, MaxDecrease = maxDecrease };
        return MonitorService.Run(new MonitorInputs(monitored.Profile, monitored.Model, new CurrentRequest(data, chunk, labels), settings), diagnostics, _cancel.Token);
    }

    private ReferenceModel? Package(DiagnosticBag diagnostics)
    {
        var path = Path.GetFullPath(ModelPackage, ProjectDirectory);
        var package = Directory.Exists(path) ? PublishedModel.ReadFolder(path) : File.Exists(path) ? ModelPull.Verified(File.ReadAllBytes(path), ModelPackage, diagnostics) : null;
        if (package is null)
        {
            if (!diagnostics.HasErrors) diagnostics.Error(DiagnosticCodes.NotAModelPackage, $"MonitorModelPackage '{ModelPackage}' is not a model package or an extracted one.", ProjectFile);
            return null;
        }
        return MonitorSources.FromPackage(package, Directory.Exists(path) ? path : null, ModelPackage, diagnostics);
    }

    private bool Number(string text, double fallback, string name, DiagnosticBag diagnostics, out double value)
    {
        value = fallback;
        if (text.Length == 0) return true;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && value >= 0 && value < 1) return true;
        diagnostics.Error(DiagnosticCodes.MonitorInvalidSetting, $"{name} '{text}' is not a number from 0 to 1.", ProjectFile);
        return false;
    }
}
