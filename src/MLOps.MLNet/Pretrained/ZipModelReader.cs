using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLOps.Engine.Data;
using MLOps.Engine.Diagnostics;
using MLOps.Engine.Learners;
using MLOps.Engine.Trainers;
using MLOps.Engine.Vocabulary;
using MLOps.MLNet.Conversion;
using MLOps.Runtime;
using MLOps.Runtime.MLNet;

namespace MLOps.MLNet.Pretrained;

/// <summary>
/// <c>&lt;PretrainedModel Include="model.zip" /&gt;</c>: an ML.NET model trained elsewhere, loaded with
/// MLContext.Model.Load, converted to MLOps.Runtime when its pipeline is one <see cref="ZipPipeline"/> reads, and kept
/// only when both score the evaluation rows alike (<see cref="ScoreComparison"/>, MLOPS2070). A pipeline with no
/// MLOps.Runtime form is kept as it is and scored through ML.NET (<see cref="MLNetFallback"/>).
/// </summary>
public sealed class ZipModelReader : IPretrainedModelReader
{
    public string Extension => ".zip";

    public TrainedModel? Read(DataFile file, TrainingRequest request)
    {
        request.Cancel.ThrowIfCancellationRequested();
        var context = new MLContext(request.Seed);
        ITransformer loaded;
        DataViewSchema schema;
        try
        {
            using var stream = File.OpenRead(file.FullPath);
            loaded = context.Model.Load(stream, out schema);
        }
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException) // ML.NET throws many kinds on a file that is not its model
        {
            request.Diagnostics.Error(DiagnosticCodes.PretrainedModelNotReadable, $"PretrainedModel '{file.DisplayPath}' could not be read as an ML.NET model: {e.Message}", file.DisplayPath);
            return null;
        }
        var (pipeline, problem) = ZipPipeline.Read(loaded, schema, request.Task);
        if (pipeline is null) return MLNetFallback.Read(file, request, loaded, schema, problem!);
        if (request.Task == ModelTask.BinaryClassification && loaded.GetOutputSchema(schema).GetColumnOrNull("Probability") is null)
            return MLNetFallback.Read(file, request, loaded, schema, "it gives no Probability (its predictor is not calibrated).");
        if (pipeline.Inputs.FirstOrDefault(i => request.Rows.Find(i.Name)?.Numbers is null) is { Name: { } missing })
        {
            request.Diagnostics.Error(DiagnosticCodes.PretrainedModelDoesNotFit,
                $"PretrainedModel '{file.DisplayPath}' reads the number column '{missing}', which the training data has not as a number column (the model's inputs: {string.Join(", ", pipeline.Inputs.Select(i => i.Name))}).",
                file.DisplayPath);
            return null;
        }

        // One row of weights per class for multiclass, as the runtime's softmax reads them.
        var rowsOfWeights = request.Task == ModelTask.MulticlassClassification ? request.Classes.Length : 1;
        var untrained = new PredictorSpec(PredictorKinds.Linear, request.Task.LinkOf(), 0, new double[pipeline.Inputs.Count * rowsOfWeights]);
        var converted = ModelConversion.Convert(pipeline.Predictor, untrained, request.Classes.Length, pipeline.PredictorName);
        if (converted.Predictor is not { } predictor) return MLNetFallback.Read(file, request, loaded, schema, converted.Problem!);
        var fromKey = Array.Empty<int>();
        if (request.Task == ModelTask.MulticlassClassification)
        {
            (var map, var mismatch) = ClassOrder.Map(pipeline.Classes, request.Classes);
            if (map is null) return MLNetFallback.Read(file, request, loaded, schema, mismatch!);
            (predictor, fromKey) = (ClassOrder.Reorder(predictor, map), map);
        }
        var trainer = "ML.NET " + pipeline.PredictorName;
        // Normalized: the runtime featurizer's (x - center) / scale is ML.NET's affine (x - offset) · scale. Otherwise the
        // number as it is, a missing one NaN as in ML.NET (a tree sends it right in both).
        var inputs = pipeline.Inputs.Select(i => pipeline.Normalized
            ? new InputSpec { Name = i.Name, Type = InputTypes.Number, Center = i.Offset, Scale = 1 / i.Scale }
            : new InputSpec { Name = i.Name, Type = InputTypes.Number, Encoding = InputTypes.RawEncoding }).ToArray();
        // Not trained on the project's rows, nor with its trainer's parameters: neither is recorded.
        var document = UntrainedModel.Document(request with { Parameters = TrainerParameters.Empty }, "ML.NET " + pipeline.PredictorName, inputs, predictor, trainingRows: 0);
        var check = ScoreComparison.Run(document, request, (rows, converted) => Score(pipeline.Scoring, rows, converted, request.Task, fromKey));
        if (check is null) return null;
        request.Cancel.ThrowIfCancellationRequested();
        return new TrainedModel(document with { Training = document.Training with { Conversion = check } },
            _ => $"{request.ModelName}: took the pretrained ML.NET model {file.DisplayPath} ({pipeline.PredictorName}, not trained by this build); converted to MLOps.Runtime, " +
                $"which scores the {check.Rows:N0} evaluation rows as ML.NET does (max difference {check.MaxDifference.ToString("G3", CultureInfo.InvariantCulture)})");
    }

    /// <summary>ML.NET's outputs for the evaluation rows, read by the model's own pipeline from its input columns (single precision, as it was saved with).</summary>
    private static double[] Score(ITransformer scoring, DataTable rows, Model converted, ModelTask task, int[] fromKey)
    {
        var inputs = converted.Document.Inputs;
        var view = RowsView.Singles(inputs.Select(i => i.Name), TableModelRows.Of(rows, inputs, converted.CreateRow));
        var scores = ScoreComparison.Outputs(scoring.Transform(view), task);
        return fromKey.Length > 0 ? ClassOrder.Reorder(scores, fromKey) : scores;
    }
}
