using Microsoft.ML;
using Microsoft.ML.Data;
using MLOps.Engine.Data;
using MLOps.Engine.Diagnostics;
using MLOps.Engine.Learners;
using MLOps.Engine.Trainers;
using MLOps.Engine.Vocabulary;
using MLOps.Runtime;
using MLOps.Runtime.MLNet;

namespace MLOps.MLNet.Pretrained;

/// <summary>
/// An ML.NET .zip with no MLOps.Runtime form, kept as it is: the build scores the evaluation rows through ML.NET with
/// the app's own companion (<see cref="MLNetModel"/>, package MLOps.Runtime.MLNet) and evaluates and gates those
/// predictions; the model file names the .zip (predictor kind <c>mlnet</c>) and says why it was not converted.
/// </summary>
internal static class MLNetFallback
{
    /// <summary>The model scored through ML.NET, or null with MLOPS2077 when even that cannot work (said why).</summary>
    public static TrainedModel? Read(DataFile file, TrainingRequest request, ITransformer loaded, DataViewSchema schema, string notConverted)
    {
        var predictor = ScoringChain.Flatten(loaded).FirstOrDefault(p => p is IPredictionTransformer<object>);
        if (predictor is null) return Cannot(file, request, notConverted, "it holds no predictor");
        if (ZipPipeline.KindOf(predictor) is { } kind && kind != request.Task)
            return Cannot(file, request, notConverted, $"it is a {kind} model, but the project builds a {request.Task} model");
        var inputs = new List<InputSpec>();
        IReadOnlyList<DataViewSchema.Column> needed;
        try
        {
            needed = ScoringChain.Inputs(ScoringChain.Of(loaded, request.LabelColumn), schema);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            return Cannot(file, request, notConverted, $"ML.NET cannot tell which columns it reads ({e.Message})");
        }
        foreach (var column in needed)
        {
            var type = column.Type == NumberDataViewType.Single || column.Type == NumberDataViewType.Double ? InputTypes.Number
                : column.Type is BooleanDataViewType ? InputTypes.Boolean
                : column.Type is TextDataViewType ? InputTypes.Category : null;
            if (type is null)
                return Cannot(file, request, notConverted, $"it reads the column '{column.Name}' of type {column.Type}, which a row of the data cannot fill (only Single, Double, Boolean and Text)");
            var data = request.Rows.Find(column.Name);
            if (data is null || (type == InputTypes.Category) != (data.Numbers is null))
            {
                request.Diagnostics.Error(DiagnosticCodes.PretrainedModelDoesNotFit,
                    $"PretrainedModel '{file.DisplayPath}' reads the {(type == InputTypes.Category ? "text" : "number")} column '{column.Name}', which the training data has not{(data is null ? "" : " as such")} (the model's inputs: {string.Join(", ", needed.Select(c => c.Name))}).",
                    file.DisplayPath);
                return null;
            }
            inputs.Add(new InputSpec { Name = column.Name, Type = type });
        }

        var trainer = "ML.NET " + ZipPipeline.Name(((IPredictionTransformer<object>)predictor).Model);
        var untrained = UntrainedModel.Document(request with { Parameters = TrainerParameters.Empty }, trainer, inputs,
            new PredictorSpec(PredictorKinds.MLNet, request.Task.LinkOf(), 0, []), trainingRows: 0);
        var document = untrained with { Training = untrained.Training with { NotConverted = notConverted } };
        MLNetModel model;
        try
        {
            model = MLNetModel.Create(document, loaded, schema);
        }
        catch (InvalidDataException e)
        {
            return Cannot(file, request, notConverted, e.Message.TrimEnd('.'));
        }
        if (request.Task == ModelTask.BinaryClassification && loaded.GetOutputSchema(schema).GetColumnOrNull("Probability") is null)
            return Cannot(file, request, notConverted, "it gives no Probability (its predictor is not calibrated), which the gates compare");
        var rows = request.EvaluationRows(document, request.Diagnostics);
        if (rows is null) return null;
        request.Cancel.ThrowIfCancellationRequested();
        var predictions = model.ScoreBatch(TableModelRows.Of(rows, inputs, model.CreateRow));
        return new TrainedModel(document, _ => $"{request.ModelName}: took the pretrained ML.NET model {file.DisplayPath} ({trainer[7..]}, not trained by this build); " +
            $"it has no MLOps.Runtime form ({notConverted.TrimEnd('.')}), so it is scored through ML.NET: {rows.RowCount:N0} evaluation rows scored, and its package depends on MLOps.Runtime.MLNet")
        { Predictions = predictions };
    }

    private static TrainedModel? Cannot(DataFile file, TrainingRequest request, string notConverted, string why)
    {
        request.Diagnostics.Error(DiagnosticCodes.PretrainedModelNotConvertible,
            $"PretrainedModel '{file.DisplayPath}' has no MLOps.Runtime form ({notConverted.TrimEnd('.')}), and the build cannot score it through ML.NET either: {why}.",
            file.DisplayPath);
        return null;
    }
}
