using MLOps.Engine.Pipeline;

namespace MLOps.Build.Tasks;

/// <summary>Checks the project's settings and data; skipped when the last build's outputs are current.</summary>
public sealed class ValidateModelData : ModelTaskBase
{
    protected override void Run(ModelSpec spec, Fingerprint fingerprint, UpToDateCheck check)
    {
        if (check.EvaluationUpToDate) return;
        Report(ModelBuild.Validate(spec, Cancellation));
    }
}
