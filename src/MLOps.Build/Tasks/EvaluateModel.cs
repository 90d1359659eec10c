using MLOps.Engine.Diagnostics;

namespace MLOps.Build.Tasks;

/// <summary>Evaluates the model file on the evaluation data when the model or that data changed.</summary>
public sealed class EvaluateModel() : ModelStepTask(BuildStep.Evaluate);
