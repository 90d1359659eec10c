using MLOps.Engine.Packages;
using MLOps.Engine.Pipeline;

namespace MLOps.Build.Tasks;

/// <summary>Before packing: refuses a model whose files are not the ones its build recorded, or were made from other inputs.</summary>
public sealed class CheckPackedOutputs : ModelTaskBase
{
    protected override void Run(ModelSpec spec, Fingerprint fingerprint, UpToDateCheck check) => Report(PackedOutputs.Check(spec, fingerprint));
}
