using System.Collections.Immutable;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using MLOps.Engine.Vocabulary;

namespace MLOps.MLNet.Pretrained;

/// <summary>One input of an ML.NET pipeline the runtime featurizer can express: a number column, affine-normalized as ML.NET does, (x - Offset)·Scale.</summary>
internal readonly record struct ZipInput(string Name, double Offset, double Scale);

/// <summary>
/// The shape of an ML.NET model the build converts: Concatenate of single-precision input columns into the features,
/// at most one affine normalizer (NormalizeMinMax, NormalizeMeanVariance without CDF) on them, then a predictor of the
/// project's task (with the calibrator that may follow it). Anything else is named in <see cref="Problem"/>.
/// </summary>
internal sealed record ZipPipeline(IReadOnlyList<ZipInput> Inputs, bool Normalized, IReadOnlyList<ITransformer> Predictor, string PredictorName)
{
    /// <summary>The pipeline, or why it has no MLOps.Runtime form (a sentence naming the transform or predictor).</summary>
    public static (ZipPipeline? Pipeline, string? Problem) Read(ITransformer loaded, DataViewSchema input, ModelTask task)
    {
        try
        {
            return Shape(Flatten(loaded).ToArray(), input, task);
        }
        catch (NotSupportedException e)
        {
            return (null, e.Message);
        }
    }

    private static (ZipPipeline? Pipeline, string? Problem) Shape(ITransformer[] parts, DataViewSchema input, ModelTask task)
    {
        var at = Array.FindIndex(parts, p => p is IPredictionTransformer<object>);
        if (at < 0) return (null, $"it holds no predictor (its transforms: {Names(parts)}).");
        var predictor = parts[at..];
        if (predictor.FirstOrDefault(p => p is not IPredictionTransformer<object>) is { } after)
            return (null, $"its {Name(after)} after the predictor has no MLOps.Runtime form.");
        var kind = KindOf(parts[at]);
        if (kind != task)
            return (null, kind is null ? $"its predictor {Name(parts[at])} has no MLOps.Runtime form." : $"it is a {kind} model, but the project builds a {task} model.");
        if (task == ModelTask.MulticlassClassification)
            return (null, "it is a multiclass model, whose class order the build does not read from ML.NET models yet.");

        var features = ((ISingleFeaturePredictionTransformer<object>)parts[at]).FeatureColumnName;
        var transforms = parts[..at];
        if (transforms.Length == 0 || transforms[0] is not ColumnConcatenatingTransformer concatenate)
            return (null, transforms.Length == 0
                ? $"its predictor reads the vector column '{features}' of its input; only features concatenated from number columns (Concatenate) are converted."
                : $"its {Name(transforms[0])} has no MLOps.Runtime form (only Concatenate of number columns, then NormalizeMinMax or NormalizeMeanVariance).");
        var concatenated = TransformColumns.Of(concatenate);
        if (concatenated.Count != 1) return (null, $"its Concatenate makes {concatenated.Count} columns; only one, the features, is converted.");
        var (column, sources) = concatenated[0];
        foreach (var source in sources)
        {
            var type = input.GetColumnOrNull(source)?.Type;
            if (type != NumberDataViewType.Single)
                return (null, $"its Concatenate reads column '{source}' of type {type?.ToString() ?? "(not in its input)"}; only single-precision number columns (float) are converted.");
        }
        var offsets = new double[sources.Length];
        var scales = Enumerable.Repeat(1.0, sources.Length).ToArray();
        if (transforms.Length > 2 || transforms.Length == 2 && transforms[1] is not NormalizingTransformer)
            return (null, $"its {Name(transforms[^1])} has no MLOps.Runtime form (only Concatenate of number columns, then one NormalizeMinMax or NormalizeMeanVariance).");
        if (transforms.Length == 2 && transforms[1] is NormalizingTransformer normalizer)
        {
            var normalized = TransformColumns.Of(normalizer);
            if (normalized.Count != 1 || normalized[0].Input != column)
                return (null, "its normalizer works on other columns than the concatenated features.");
            if (normalizer.GetNormalizerModelParameters(0) is not NormalizingTransformer.AffineNormalizerModelParameters<ImmutableArray<float>> affine)
                return (null, $"its normalizer is a {Name(normalizer.GetNormalizerModelParameters(0))}; only affine ones (NormalizeMinMax, NormalizeMeanVariance) are converted.");
            for (var j = 0; j < sources.Length; j++)
            {
                offsets[j] = affine.Offset.IsDefaultOrEmpty ? 0 : affine.Offset[j];
                scales[j] = affine.Scale[j];
                if (scales[j] == 0) return (null, $"its normalizer scales column '{sources[j]}' by 0 (a constant column).");
            }
            column = normalized[0].Output;
        }
        if (column != features) return (null, $"its predictor reads '{features}', not the concatenated features '{column}'.");
        var inputs = sources.Select((s, j) => new ZipInput(s, offsets[j], scales[j])).ToArray();
        return (new ZipPipeline(inputs, transforms.Length == 2, predictor, Name(((IPredictionTransformer<object>)parts[at]).Model)), null);
    }

    private static IEnumerable<ITransformer> Flatten(ITransformer transformer) =>
        transformer is IEnumerable<ITransformer> chain ? chain.SelectMany(Flatten) : [transformer];

    private static ModelTask? KindOf(ITransformer predictor) => predictor.GetType() is { IsGenericType: true } type ? type.GetGenericTypeDefinition() switch
    {
        var t when t == typeof(BinaryPredictionTransformer<>) => ModelTask.BinaryClassification,
        var t when t == typeof(RegressionPredictionTransformer<>) => ModelTask.Regression,
        var t when t == typeof(MulticlassPredictionTransformer<>) => ModelTask.MulticlassClassification,
        _ => null,
    } : null;

    /// <summary>A type's name without generic arity, and a calibrated model by the model it calibrates (FastTreeBinaryModelParameters).</summary>
    private static string Name(object value)
    {
        var type = value.GetType();
        if (type.IsGenericType && type.Name.Contains("Calibrated", StringComparison.Ordinal)) type = type.GetGenericArguments()[0];
        return type.IsGenericType ? type.Name[..type.Name.IndexOf('`')] : type.Name;
    }

    private static string Names(IEnumerable<object> values) => string.Join(", ", values.Select(Name));
}
