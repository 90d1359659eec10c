using Microsoft.Build.Framework;
using MLOps.Engine.Packages;
using MLOps.Engine.Packing;
using MSBuildTask = Microsoft.Build.Utilities.Task;

namespace MLOps.Build.Tasks;

/// <summary>Before packing: stops the pack when the model's recorded gate result does not accept it.</summary>
public sealed class CheckModelGate : MSBuildTask
{
    [Required] public string ModelName { get; set; } = "";
    [Required] public string ProjectFile { get; set; } = "";
    [Required] public string ModelGateResultPath { get; set; } = "";
    public ITaskItem[] ModelGates { get; set; } = [];
    public ITaskItem[] FairnessGates { get; set; } = [];

    public override bool Execute()
    {
        EngineLog.Write(Log, PackGate.Check(ModelName, ModelGateResultPath, ModelGates.Length + FairnessGates.Length > 0, ProjectFile), ProjectFile);
        return !Log.HasLoggedErrors;
    }
}
