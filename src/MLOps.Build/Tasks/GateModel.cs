using MLOps.Engine.Diagnostics;

namespace MLOps.Build.Tasks;

/// <summary>Gates the candidate model against its floors, ceilings and the baseline model; a failed gate fails the build.</summary>
public sealed class GateModel() : ModelStepTask(BuildStep.Gate);
