using Microsoft.Build.Framework;
using MLOps.Engine.Diagnostics;
using MLOps.Engine.Pipeline;

namespace MLOps.Build.Tasks;

/// <summary>Evaluates the model file on the evaluation data when the model or that data changed.</summary>
public sealed class EvaluateModel() : ModelStepTask(BuildStep.Evaluate)
{
    /// <summary>Where the ONNX export goes (the engine names it), for FileWrites when ModelExportOnnx is true.</summary>
    [Output] public string ModelOnnxPath { get; private set; } = "";

    protected override void Ran(ModelPipeline pipeline) => ModelOnnxPath = pipeline.Spec.Outputs.OnnxPath;
}
