using MLOps.Engine.Packages;
using MLOps.Engine.Packing;
using MLOps.Engine.Pipeline;

namespace MLOps.Build.Tasks;

/// <summary>Before packing: refuses a model whose files are not the ones its build recorded, or were made from other inputs.</summary>
public sealed class CheckPackedOutputs : ModelPipelineTask
{
    protected override void Run(ModelPipeline pipeline) => EngineLog.Write(Log, PackedOutputs.Check(pipeline.Spec, pipeline.Fingerprint), ProjectFile);
}
