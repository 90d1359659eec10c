using MLOps.Engine.Pipeline;

namespace MLOps.Build.Tasks;

/// <summary>Evaluates the model file on the evaluation data when the model or that data changed.</summary>
public sealed class EvaluateModel : ModelTaskBase
{
    protected override void Run(ModelSpec spec, Fingerprint fingerprint, UpToDateCheck check)
    {
        if (check.EvaluationUpToDate) return;
        Report(ModelBuild.Evaluate(spec, fingerprint));
    }
}
