using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.ML.OnnxRuntime;
using MLOps.Engine.Data;
using MLOps.Engine.Diagnostics;
using MLOps.Engine.IO;
using MLOps.Engine.Onnx;
using MLOps.Runtime;

namespace MLOps.Engine.Pipeline;

/// <summary>
/// <c>ModelExportOnnx</c>: exports the model, scores the evaluation rows with ONNX Runtime, and keeps the file only
/// when every output agrees with MLOps.Runtime's scores within <see cref="Tolerance"/>.
/// </summary>
internal static class OnnxExportStep
{
    /// <summary>The largest absolute difference from MLOps.Runtime's scores an exported file may show.</summary>
    public const double Tolerance = 1e-5;

    /// <summary>Writes <see cref="ModelOutputs.OnnxPath"/> and says so in <paramref name="messages"/>; false (with a coded error) when it may not be kept.</summary>
    public static bool Run(ModelSpec spec, ModelDocument model, DataTable evaluation, double[] expected, DiagnosticBag diagnostics, List<string> messages)
    {
        try
        {
            return Export(spec, model, evaluation, expected, diagnostics, messages);
        }
        catch (FileNotFoundException e) when (e.FileName?.StartsWith("Microsoft.ML.OnnxRuntime", StringComparison.Ordinal) == true)
        {
            // A host that ships the engine without ONNX Runtime's managed assembly: said, not a stack trace.
            diagnostics.Error(DiagnosticCodes.OnnxRuntimeNotLoaded,
                $"The ONNX export of '{spec.Name}' cannot be checked: Microsoft.ML.OnnxRuntime.dll is not beside MLOps.Engine.dll ({e.Message}). Build with the MLOps.Build package (dotnet build), or set ModelExportOnnx to false.",
                spec.ProjectFile);
            return false;
        }
    }

    /// <summary>Kept apart from <see cref="Run"/> so a missing ONNX Runtime assembly fails when this is compiled, inside Run's catch.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool Export(ModelSpec spec, ModelDocument model, DataTable evaluation, double[] expected, DiagnosticBag diagnostics, List<string> messages)
    {
        var path = spec.Outputs.OnnxPath;
        if (!OnnxExport.CanExport(model))
        {
            diagnostics.Error(DiagnosticCodes.OnnxNotExportable, model.Predictor.Kind == PredictorKinds.MLNet
                ? $"ModelExportOnnx is true, but model '{spec.Name}' is an ML.NET model scored through ML.NET ({model.Training.NotConverted?.TrimEnd('.')}), which the build does not export to ONNX. Remove ModelExportOnnx, or save an ML.NET pipeline that converts to MLOps.Runtime (docs/trainers.md)."
                : $"ModelExportOnnx is true, but model '{spec.Name}' is the predictions an External trainer wrote, not a model with a scorer, so it has no ONNX form. Have TrainerCommand write a model, or remove ModelExportOnnx.",
                spec.ProjectFile);
            return false;
        }
        if (OnnxRuntimeLibrary.Problem() is { } problem)
        {
            diagnostics.Error(DiagnosticCodes.OnnxRuntimeNotLoaded, $"The ONNX export of '{spec.Name}' cannot be checked: {problem}", spec.ProjectFile);
            return false;
        }
        var bytes = OnnxExport.ToBytes(model);
        double[] actual;
        try
        {
            actual = OnnxScoring.Score(bytes, model, evaluation);
        }
        catch (Exception e) when (e is OnnxRuntimeException or InvalidDataException)
        {
            diagnostics.Error(DiagnosticCodes.OnnxRuntimeFailed, $"ONNX Runtime could not score the ONNX export of '{spec.Name}', so it was not kept: {e.Message}", spec.ProjectFile);
            return false;
        }
        var width = expected.Length / Math.Max(1, evaluation.RowCount);
        var worst = Compare(expected, actual);
        if (worst.Difference > Tolerance || double.IsNaN(worst.Difference))
        {
            var output = OnnxExport.OutputOf(model);
            var column = width > 1 ? $", column {worst.Index % width} (class '{model.Label.Classes[(int)(worst.Index % width)]}')" : "";
            diagnostics.Error(DiagnosticCodes.OnnxScoresDiffer,
                $"The ONNX export of '{spec.Name}' was not kept: its output '{output}' differs from MLOps.Runtime's score by {Format(worst.Difference)} (more than {Format(Tolerance)}) " +
                $"at evaluation row {worst.Index / width + 1}{column}: ONNX Runtime gives {Format(actual[worst.Index])}, MLOps.Runtime {Format(expected[worst.Index])}. Please report it with the model file.",
                spec.ProjectFile);
            return false;
        }
        AtomicFile.WriteAllBytes(path, bytes);
        messages.Add($"{spec.Name}: ONNX export checked by ONNX Runtime on {evaluation.RowCount:N0} rows (max difference {Format(worst.Difference)}) -> {path}");
        return true;
    }

    /// <summary>The largest absolute difference and where it is (a NaN on either side counts as the worst).</summary>
    public static (double Difference, long Index) Compare(double[] expected, double[] actual)
    {
        if (expected.Length != actual.Length) return (double.NaN, 0);
        var (worst, at) = (0.0, 0L);
        for (var i = 0; i < expected.Length; i++)
        {
            var difference = Math.Abs(expected[i] - actual[i]);
            if (double.IsNaN(difference) && !(double.IsNaN(expected[i]) && double.IsNaN(actual[i]))) return (double.NaN, i);
            if (difference > worst) (worst, at) = (difference, i);
        }
        return (worst, at);
    }

    private static string Format(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
