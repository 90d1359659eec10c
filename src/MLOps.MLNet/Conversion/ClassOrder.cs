using MLOps.Runtime;

namespace MLOps.MLNet.Conversion;

/// <summary>
/// A multiclass ML.NET model scores its classes in its label's key order (first seen when MapValueToKey was fitted,
/// or by value); MLOps models score them in the project's <c>Label.Classes</c> order. This maps one onto the other.
/// </summary>
internal static class ClassOrder
{
    /// <summary>
    /// For each of <paramref name="classes"/> (the project's order) the position of that class among
    /// <paramref name="keys"/> (ML.NET's order), or why they are not the same classes.
    /// </summary>
    public static (int[]? FromKey, string? Problem) Map(IReadOnlyList<string> keys, IReadOnlyList<string> classes)
    {
        if (keys.Count != classes.Count || classes.Any(c => !keys.Contains(c, StringComparer.Ordinal)))
            return (null, $"its classes ({string.Join(", ", keys)}) are not the label's classes in the data ({string.Join(", ", classes)}).");
        return (classes.Select(c => keys.ToList().IndexOf(c)).ToArray(), null);
    }

    /// <summary>The predictor with its per-class parts (weight rows, trees of each round, intercepts) in the project's order.</summary>
    public static PredictorSpec Reorder(PredictorSpec predictor, int[] fromKey)
    {
        var classes = fromKey.Length;
        var intercepts = predictor.Intercepts is { } i ? fromKey.Select(k => i[k]).ToArray() : null;
        if (predictor.Trees is { } trees) // tree t adds to class t mod classes
            return predictor with { Trees = trees.Select((_, t) => trees[t - t % classes + fromKey[t % classes]]).ToArray(), Intercepts = intercepts };
        var width = predictor.Weights.Count / classes;
        return predictor with
        {
            Weights = fromKey.SelectMany(k => predictor.Weights.Skip(k * width).Take(width)).ToArray(),
            Intercepts = intercepts,
        };
    }

    /// <summary>ML.NET's row-major class scores in the project's order.</summary>
    public static double[] Reorder(double[] scores, int[] fromKey)
    {
        var classes = fromKey.Length;
        var reordered = new double[scores.Length];
        for (var row = 0; row < scores.Length; row += classes)
            for (var k = 0; k < classes; k++)
                reordered[row + k] = scores[row + fromKey[k]];
        return reordered;
    }
}
