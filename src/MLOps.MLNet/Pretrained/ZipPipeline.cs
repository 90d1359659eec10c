using System.Collections.Immutable;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using MLOps.Engine.Vocabulary;
using MLOps.Runtime.MLNet;

namespace MLOps.MLNet.Pretrained;

/// <summary>One input of an ML.NET pipeline the runtime featurizer can express: a number column, affine-normalized as ML.NET does, (x - Offset)·Scale.</summary>
internal readonly record struct ZipInput(string Name, double Offset, double Scale);

/// <summary>
/// The shape of an ML.NET model the build converts: Concatenate of single-precision input columns into the features,
/// at most one affine normalizer (NormalizeMinMax, NormalizeMeanVariance without CDF) on them, then a predictor of the
/// project's task (with the calibrator that may follow it). A multiclass model may also map its label to keys
/// (MapValueToKey, which only training reads) and its predicted key back (MapKeyToValue): the converted model scores the
/// classes in <see cref="Classes"/>' order, ML.NET's key order. Anything else is named in the problem.
/// </summary>
internal sealed record ZipPipeline(IReadOnlyList<ZipInput> Inputs, bool Normalized, IReadOnlyList<ITransformer> Predictor, string PredictorName)
{
    /// <summary>A multiclass model's classes in ML.NET's order (its label's keys); empty otherwise.</summary>
    public IReadOnlyList<string> Classes { get; init; } = [];

    /// <summary>The features' transforms and the predictor, without the label's mappings: what scores the inputs alone.</summary>
    public required ITransformer Scoring { get; init; }

    /// <summary>The pipeline, or why it has no MLOps.Runtime form (a sentence naming the transform or predictor).</summary>
    public static (ZipPipeline? Pipeline, string? Problem) Read(ITransformer loaded, DataViewSchema input, ModelTask task)
    {
        try
        {
            return Shape(ScoringChain.Flatten(loaded).ToArray(), input, task);
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
        // The predicted key mapped back to its value (MapKeyToValue) is the app's concern, not the scores'.
        var predictor = parts[at..].Where(p => p is not KeyToValueMappingTransformer).ToArray();
        if (predictor.FirstOrDefault(p => p is not IPredictionTransformer<object>) is { } after)
            return (null, $"its {Name(after)} after the predictor has no MLOps.Runtime form.");
        var kind = KindOf(parts[at]);
        if (kind != task)
            return (null, kind is null ? $"its predictor {Name(parts[at])} has no MLOps.Runtime form." : $"it is a {kind} model, but the project builds a {task} model.");

        var features = ((ISingleFeaturePredictionTransformer<object>)parts[at]).FeatureColumnName;
        // The label mapped to keys is read only in training; a mapped feature column shows below as one not of numbers.
        var transforms = parts[..at].Where(p => p is not ValueToKeyMappingTransformer).ToArray();
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
        var scoring = new TransformerChain<ITransformer>([.. transforms, .. predictor]);
        var classes = task == ModelTask.MulticlassClassification ? ScoringChain.Classes(scoring.GetOutputSchema(input)) : [];
        if (task == ModelTask.MulticlassClassification && classes.Length == 0)
            return (null, "its scores do not name their classes (its label was not mapped to keys with MapValueToKey).");
        return (new ZipPipeline(inputs, transforms.Length == 2, predictor, Name(((IPredictionTransformer<object>)parts[at]).Model)) { Scoring = scoring, Classes = classes }, null);
    }

    internal static ModelTask? KindOf(ITransformer predictor) => predictor.GetType() is { IsGenericType: true } type ? type.GetGenericTypeDefinition() switch
    {
        var t when t == typeof(BinaryPredictionTransformer<>) => ModelTask.BinaryClassification,
        var t when t == typeof(RegressionPredictionTransformer<>) => ModelTask.Regression,
        var t when t == typeof(MulticlassPredictionTransformer<>) => ModelTask.MulticlassClassification,
        _ => null,
    } : null;

    /// <summary>A type's name without generic arity, and a calibrated model by the model it calibrates (FastTreeBinaryModelParameters).</summary>
    internal static string Name(object value)
    {
        var type = value.GetType();
        if (type.IsGenericType && type.Name.Contains("Calibrated", StringComparison.Ordinal)) type = type.GetGenericArguments()[0];
        return type.IsGenericType ? type.Name[..type.Name.IndexOf('`')] : type.Name;
    }

    private static string Names(IEnumerable<object> values) => string.Join(", ", values.Select(Name));
}
