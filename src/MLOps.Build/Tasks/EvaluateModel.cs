using Microsoft.Build.Framework;
using MLOps.Engine.Pipeline;

namespace MLOps.Build.Tasks;

/// <summary>Evaluates the model file on the evaluation data when the model or that data changed.</summary>
public sealed class EvaluateModel : ModelTaskBase
{
    /// <summary>Where the ONNX export goes (the engine names it), for FileWrites when ModelExportOnnx is true.</summary>
    [Output] public string ModelOnnxPath { get; private set; } = "";

    protected override void Run(ModelSpec spec, Fingerprint fingerprint, UpToDateCheck check)
    {
        ModelOnnxPath = spec.Outputs.OnnxPath;
        if (check.EvaluationUpToDate) return;
        Report(ModelBuild.Evaluate(spec, fingerprint));
    }
}
