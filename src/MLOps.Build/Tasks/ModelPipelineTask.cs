using Microsoft.Build.Framework;
using MLOps.Engine.Diagnostics;
using MLOps.Engine.Pipeline;
using MSBuildTask = Microsoft.Build.Utilities.Task;

namespace MLOps.Build.Tasks;

/// <summary>
/// A task that works on the model the PrepareModelPipeline target described, found by <see cref="ModelFingerprintPath"/>,
/// and maps what goes wrong onto coded errors: Ctrl+C, unreadable files, and bugs.
/// </summary>
public abstract class ModelPipelineTask : MSBuildTask, ICancelableTask
{
    private readonly CancellationTokenSource _cancel = new();

    /// <summary>Set when the build is canceled (Ctrl+C): long steps stop at their next check and write nothing.</summary>
    protected CancellationToken Cancellation => _cancel.Token;

    /// <summary>MSBuild calls this on Ctrl+C; the running step notices within a round or iteration.</summary>
    public void Cancel() => _cancel.Cancel();

    /// <summary>The model's build record: which model's pipeline this task works on.</summary>
    [Required] public string ModelFingerprintPath { get; set; } = "";
    /// <summary>The model project (<c>$(MSBuildProjectFullPath)</c>): diagnostics about its settings point here, not at our targets file.</summary>
    [Required] public string ProjectFile { get; set; } = "";

    public sealed override bool Execute()
    {
        ModelPipeline? pipeline = null;
        try
        {
            pipeline = ModelPipelines.Find(BuildEngine, ModelFingerprintPath);
            Run(pipeline);
        }
        catch (OperationCanceledException) when (_cancel.IsCancellationRequested)
        {
            Log.LogError(null, DiagnosticCodes.Canceled, null, ProjectFile, 0, 0, 0, 0,
                "{0}: {1} was canceled. The outputs of the last complete build are kept as they were.", pipeline?.Spec.Name, GetType().Name);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.LogError(null, DiagnosticCodes.FileAccessFailed, null, ProjectFile, 0, 0, 0, 0, "A file could not be read or written: {0}", e.Message);
        }
        catch (Exception e)
        {
            Log.LogError(null, DiagnosticCodes.InternalError, null, ProjectFile, 0, 0, 0, 0,
                "MLOps.Build failed unexpectedly ({0}: {1}). This is a bug; please report it with the build log.", e.GetType().Name, e.Message);
            Log.LogMessage(MessageImportance.Low, e.ToString());
        }
        return !Log.HasLoggedErrors;
    }

    /// <summary>The task's work: call the engine, then log its result with <see cref="EngineLog"/>.</summary>
    protected abstract void Run(ModelPipeline pipeline);
}
