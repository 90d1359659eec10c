using MLOps.Engine.Pipeline;

namespace MLOps.Build.Tasks;

/// <summary>Gates the candidate model against its floors, ceilings and the baseline model; a failed gate fails the build.</summary>
public sealed class GateModel : ModelTaskBase
{
    protected override void Run(ModelSpec spec, Fingerprint fingerprint, UpToDateCheck check) => Report(ModelBuild.Gate(spec, fingerprint, Cancellation));
}
