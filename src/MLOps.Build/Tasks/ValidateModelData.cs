using MLOps.Engine.Diagnostics;

namespace MLOps.Build.Tasks;

/// <summary>Checks the project's settings and data; skipped when the last build's outputs are current.</summary>
public sealed class ValidateModelData() : ModelStepTask(BuildStep.Validate);
