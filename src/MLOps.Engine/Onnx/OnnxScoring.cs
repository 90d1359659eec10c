using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using MLOps.Engine.Data;
using MLOps.Engine.Features;
using MLOps.Runtime;

namespace MLOps.Engine.Onnx;

/// <summary>Scores a table's rows with an exported ONNX file through ONNX Runtime, as an app using the file would.</summary>
internal static class OnnxScoring
{
    private const int Batch = 8192;

    /// <summary>One score per row, or (multiclass) every class's probability per row, row-major, from the graph's output.</summary>
    /// <exception cref="OnnxRuntimeException">ONNX Runtime rejected the file or failed to run it.</exception>
    /// <exception cref="InvalidDataException">The output is not one value (or one per class) per row.</exception>
    public static double[] Score(byte[] onnx, ModelDocument model, DataTable table)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1, ExecutionMode = ExecutionMode.ORT_SEQUENTIAL };
        using var session = new InferenceSession(onnx, options);
        var inputs = model.Inputs;
        var rows = new TableRows(table, inputs);
        var row = new Model(model).CreateRow();
        var output = OnnxExport.OutputOf(model);
        var width = model.Predictor.Link == Links.Softmax ? model.Label.Classes.Count : 1;
        var scores = new double[(long)table.RowCount * width];
        for (var start = 0; start < table.RowCount; start += Batch)
        {
            var count = Math.Min(Batch, table.RowCount - start);
            var numbers = inputs.Select(i => i.Type == InputTypes.Category ? null : new double[count]).ToArray();
            var categories = inputs.Select(i => i.Type == InputTypes.Category ? new string[count] : null).ToArray();
            for (var r = 0; r < count; r++)
            {
                rows.Fill(start + r, row);
                for (var i = 0; i < inputs.Count; i++)
                    if (numbers[i] is { } column) column[r] = row.Numbers[i];
                    else categories[i]![r] = row.Categories[i] ?? ""; // missing: a value no category has
            }
            var feeds = inputs.Select((input, i) => numbers[i] is { } column
                ? NamedOnnxValue.CreateFromTensor(input.Name, new DenseTensor<double>(column, [count, 1]))
                : NamedOnnxValue.CreateFromTensor(input.Name, new DenseTensor<string>(categories[i]!, [count, 1]))).ToList();
            using var results = session.Run(feeds, [output]);
            var values = results[0].AsTensor<double>();
            if (values.Length != (long)count * width)
                throw new InvalidDataException($"Output '{output}' has {values.Length} values for {count} rows of {width}.");
            var at = (long)start * width;
            foreach (var value in values) scores[at++] = value;
        }
        return scores;
    }
}
