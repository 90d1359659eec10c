using Microsoft.ML;
using Microsoft.ML.Data;
using MLOps.Engine.Vocabulary;

namespace MLOps.MLNet;

/// <summary>
/// Featurized rows as ML.NET reads them: a single-precision <c>Features</c> vector (the runtime's featurizer's output)
/// and a <c>Label</c> of the type the task's trainers take (Boolean, a key of the class index, or a number).
/// </summary>
internal static class MLNetData
{
    public const string Features = "Features";
    public const string Label = "Label";

    /// <summary>An ML.NET view of <paramref name="matrix"/> (rows × <paramref name="width"/>, row-major) with labels <paramref name="y"/> (class indices or targets; null to score).</summary>
    public static IDataView Create(MLContext context, double[] matrix, int width, double[]? y, ModelTask task, int classes)
    {
        var count = width == 0 ? 0 : matrix.Length / width;
        float[] Row(int r)
        {
            var row = new float[width];
            for (var j = 0; j < width; j++) row[j] = (float)matrix[(long)r * width + j];
            return row;
        }
        double LabelOf(int r) => y is null ? 0 : y[r];
        return task switch
        {
            ModelTask.BinaryClassification => Load(context, Enumerable.Range(0, count).Select(r => new Row<bool> { Features = Row(r), Label = LabelOf(r) == 1 }), width, null),
            // Keys count from 1 (0 is missing): class index + 1.
            ModelTask.MulticlassClassification => Load(context, Enumerable.Range(0, count).Select(r => new Row<uint> { Features = Row(r), Label = (uint)LabelOf(r) + 1 }), width,
                new KeyDataViewType(typeof(uint), classes)),
            _ => Load(context, Enumerable.Range(0, count).Select(r => new Row<float> { Features = Row(r), Label = (float)LabelOf(r) }), width, null),
        };
    }

    private static IDataView Load<T>(MLContext context, IEnumerable<Row<T>> rows, int width, DataViewType? labelType)
    {
        var schema = SchemaDefinition.Create(typeof(Row<T>));
        schema[Features].ColumnType = new VectorDataViewType(NumberDataViewType.Single, width);
        if (labelType is not null) schema[Label].ColumnType = labelType;
        // Materialized: trainers pass over the rows more than once.
        return context.Data.LoadFromEnumerable(rows.ToList(), schema);
    }
}

/// <summary>One row of <see cref="MLNetData"/>; public with public properties because ML.NET reads it by reflection.</summary>
public sealed class Row<T>
{
    public float[] Features { get; set; } = [];
    public T Label { get; set; } = default!;
}
