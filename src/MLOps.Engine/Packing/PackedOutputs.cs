using MLOps.Engine.Diagnostics;
using MLOps.Engine.Pipeline;

namespace MLOps.Engine.Packing;

/// <summary>
/// Before packing: the model and every output packed beside it must be the files the build recorded, made from the
/// project's inputs as they are now. Otherwise the package's lineage, metrics and gate result would describe another
/// model (one interrupted mid-build, edited by hand, or restored from a stale cache).
/// </summary>
public static class PackedOutputs
{
    public static StepResult Check(ModelSpec spec, Fingerprint fingerprint)
    {
        var diagnostics = new DiagnosticBag(spec.MaxDiagnosticsPerCode);
        // No model at all is reported by the packing itself (MLOPS3001: build first).
        if (File.Exists(spec.Outputs.ModelPath))
        {
            if (BuildRecord.Read(spec.Outputs) is not { } record)
                diagnostics.Error(DiagnosticCodes.OutputsNotAsRecorded,
                    $"{Path.GetFileName(spec.Outputs.ModelPath)} has no build record ({Path.GetFileName(spec.Outputs.FingerprintPath)} is missing or unreadable), so nothing says what it was made from. Build the model before packing it.",
                    spec.Outputs.ModelPath);
            else if (record.Mismatches(ModelPackage.BuiltFiles(spec)).ToArray() is { Length: > 0 } mismatches)
                foreach (var (path, why) in mismatches)
                    diagnostics.Error(DiagnosticCodes.OutputsNotAsRecorded, $"Not packed: {why}. Build again so the model and its evidence are made together.", path);
            else if (fingerprint.CompareWithRecorded(spec.Outputs) is { EvaluationUpToDate: false } check)
                diagnostics.Error(DiagnosticCodes.OutputsOutOfDate,
                    $"Not packed: the model was built from other inputs than the project has now ({check.Reason}). Build before packing, so its lineage names the data it was trained on.",
                    spec.ProjectFile);
        }
        return new StepResult(diagnostics.Complete(), []);
    }
}
