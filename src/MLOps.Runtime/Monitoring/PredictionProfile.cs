namespace MLOps.Runtime.Monitoring;

/// <summary>The <see cref="PredictionProfile.Kind"/> names.</summary>
public static class PredictionKinds
{
    /// <summary>Binary classification: the positive class's probability on fixed edges over [0, 1].</summary>
    public const string Probability = "probability";
    /// <summary>Multiclass classification: per class, how often it was predicted and its probability on fixed edges.</summary>
    public const string Classes = "classes";
    /// <summary>Regression: the predicted value on the reference predictions' quantile edges.</summary>
    public const string Value = "value";
}

/// <summary>
/// What the model predicted. With labels (the reference profile), <see cref="Positives"/> (and each class's) counts,
/// per bin, the rows whose label was the positive class: <c>Positives[i] / Histogram.Counts[i]</c> is the observed
/// rate at that predicted probability, the calibration table.
/// </summary>
public sealed record PredictionProfile
{
    /// <summary>One of <see cref="PredictionKinds"/>.</summary>
    public required string Kind { get; init; }
    /// <summary>Rows scored.</summary>
    public required long Count { get; init; }
    /// <summary>Binary: the positive class's probability; regression: the prediction.</summary>
    public Histogram? Histogram { get; init; }
    /// <summary>Binary and regression: sums, min and max of the score.</summary>
    public ValueSummary? Summary { get; init; }
    /// <summary>Binary, when every row had a label: positive labels per bin of <see cref="Histogram"/>.</summary>
    public IReadOnlyList<long>? Positives { get; init; }
    /// <summary>
    /// Binary, with <see cref="Positives"/>: the sum of the scores per bin, so the calibration table has each bin's
    /// mean score (absent in profiles written before MLOps.Build 2.1: readers then take the bin's centre).
    /// </summary>
    public IReadOnlyList<double>? ScoreSums { get; init; }
    /// <summary>Multiclass: one entry per class in the model's class order.</summary>
    public IReadOnlyList<ClassPrediction>? Classes { get; init; }

    internal static PredictionProfile Merge(PredictionProfile a, PredictionProfile b)
    {
        if (a.Kind != b.Kind) throw ProfileMismatch.Of($"predictions are '{a.Kind}' in one and '{b.Kind}' in the other");
        return a with
        {
            Count = checked(a.Count + b.Count),
            Histogram = ColumnProfile.Both(a.Histogram, b.Histogram, (x, y) => Histogram.Merge(x, y, "the prediction histogram")),
            Summary = ColumnProfile.Both(a.Summary, b.Summary, ValueSummary.Merge),
            Positives = a.Positives is null || b.Positives is null ? null : Histogram.Add(a.Positives, b.Positives),
            ScoreSums = Sums(a.ScoreSums, b.ScoreSums),
            Classes = a.Classes is null || b.Classes is null
                ? ColumnProfile.Both(a.Classes, b.Classes, (x, _) => x)
                : a.Classes.Count != b.Classes.Count ? throw ProfileMismatch.Of("the models have different classes")
                : a.Classes.Zip(b.Classes, ClassPrediction.Merge).ToArray(),
        };
    }

    /// <summary>Per-bin sums of two profiles, or null when either has none.</summary>
    internal static double[]? Sums(IReadOnlyList<double>? a, IReadOnlyList<double>? b) =>
        a is null || b is null || a.Count != b.Count ? null : a.Select((x, i) => x + b[i]).ToArray();
}

/// <summary>One class of a multiclass model: rows where it had the highest probability, and its probability's histogram.</summary>
public sealed record ClassPrediction(string Name, long Predicted, Histogram Histogram, IReadOnlyList<long>? Positives)
{
    /// <summary>With <see cref="Positives"/>: the sum of the class's probability per bin (see <see cref="PredictionProfile.ScoreSums"/>).</summary>
    public IReadOnlyList<double>? ScoreSums { get; init; }

    internal static ClassPrediction Merge(ClassPrediction a, ClassPrediction b)
    {
        if (a.Name != b.Name) throw ProfileMismatch.Of($"class '{a.Name}' is '{b.Name}' in the other");
        return new(a.Name, checked(a.Predicted + b.Predicted), Histogram.Merge(a.Histogram, b.Histogram, $"class '{a.Name}'"),
            a.Positives is null || b.Positives is null ? null : Histogram.Add(a.Positives, b.Positives))
        { ScoreSums = PredictionProfile.Sums(a.ScoreSums, b.ScoreSums) };
    }
}
