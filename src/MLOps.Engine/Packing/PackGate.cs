using MLOps.Engine.Diagnostics;
using MLOps.Engine.Gates;
using MLOps.Engine.Pipeline;

namespace MLOps.Engine.Packing;

/// <summary>
/// Before a model is packed (<c>dotnet pack</c>, with or without <c>--no-build</c>): its recorded gate result must
/// accept it. A model whose gates failed without an override, or that has gates but no readable gate result, is not
/// packed, so no package carries a model that a build refused.
/// </summary>
public static class PackGate
{
    public static StepResult Check(string modelName, string gateResultPath, bool hasGates, string projectFile)
    {
        var diagnostics = new DiagnosticBag();
        var result = GateResult.TryRead(gateResultPath);
        if (result is null && (hasGates || File.Exists(gateResultPath)))
            diagnostics.Error(DiagnosticCodes.NoGateResultToPack,
                $"Model '{modelName}' is not packed: it has gates but {(File.Exists(gateResultPath) ? "its gate result is not one" : "no gate result")} ({gateResultPath}). Build it (dotnet build) so its gates are decided, then pack.",
                projectFile);
        else if (result is { Accepted: false })
        {
            var blocking = result.Blocking().Select(g => g.Slice is null ? $"'{g.Gate}'" : $"'{g.Gate}' on slice '{g.Slice}'").Distinct().ToArray();
            diagnostics.Error(DiagnosticCodes.GateFailedNotPacked,
                $"Model '{modelName}' is not packed: {blocking.Length} gate(s) failed without an override ({string.Join(", ", blocking)}; {result.Counts}). Fix the model, or build with GateOverrideReason to pass them on purpose (recorded in the package), then pack.",
                projectFile);
        }
        return new StepResult(diagnostics.Complete(), []);
    }
}
