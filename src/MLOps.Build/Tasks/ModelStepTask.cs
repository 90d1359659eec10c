using Microsoft.Build.Framework;
using MLOps.Engine.Diagnostics;
using MLOps.Engine.Pipeline;

namespace MLOps.Build.Tasks;

/// <summary>Runs one step of the build through the model's pipeline, which decides whether it runs and records what it reported.</summary>
public abstract class ModelStepTask(BuildStep step) : ModelPipelineTask
{
    protected sealed override void Run(ModelPipeline pipeline)
    {
        // Lines (the decision, an External trainer's output) are relayed on this thread while the step runs, as they come.
        if (pipeline.Run(step, line => Log.LogMessage(MessageImportance.High, "{0}", line), Cancellation) is { } result)
            EngineLog.Write(Log, result, ProjectFile);
        Ran(pipeline);
    }

    /// <summary>After the step: for a task's outputs.</summary>
    protected virtual void Ran(ModelPipeline pipeline) { }
}
