using MLOps.Engine.Vocabulary;
using MLOps.Runtime.Monitoring;

namespace MLOps.Engine.Monitoring;

/// <summary>Reads scoring profiles (docs/monitoring.md, "Formats") into what monitoring compares: the package's reference, and profiles of scored rows.</summary>
public static class ProfileReference
{
    /// <summary>The name monitoring gives the prediction's distribution in checks and reports.</summary>
    public const string PredictionColumn = "prediction";

    /// <summary>
    /// The reference a package's profile describes. Multiclass predictions are not compared (no single score); their
    /// classes' calibration tables are read from each class's histogram and positives.
    /// </summary>
    public static MonitorReference From(ScoringProfile profile)
    {
        var task = Enum.TryParse<ModelTask>(profile.Model.Task, out var parsed) ? parsed : throw new InvalidDataException($"The profile's task '{profile.Model.Task}' is not one MLOps.Build knows.");
        var columns = profile.Columns.Select(c => new ReferenceColumn(Bins(c), Counts(c))).ToArray();
        ReferenceColumn? prediction = null;
        var calibration = Array.Empty<CalibrationBin>();
        if (profile.Predictions.Histogram is { } histogram)
        {
            prediction = new ReferenceColumn(ColumnBins.Numbers(PredictionColumn, [.. histogram.Edges]), BinCounts.Of([.. histogram.Counts], profile.Predictions.Count - histogram.Total));
            if (profile.Predictions.Positives is { } positives)
                calibration = Table(histogram, positives, profile.Predictions.ScoreSums);
        }
        var metrics = (profile.Metrics ?? new Dictionary<string, double?>()).Where(m => m.Value is { } v && double.IsFinite(v))
            .ToDictionary(m => m.Key, m => m.Value!.Value, StringComparer.Ordinal);
        var classes = (profile.Predictions.Classes ?? []).Select(k => k.Positives is { } kp ? Table(k.Histogram, kp, k.ScoreSums) : []).ToArray();
        return new MonitorReference(profile.Model.Name, task, profile.Rows, columns, prediction, calibration, metrics) { Classes = classes };
    }

    /// <summary>
    /// A profile of scored rows as current data. Its bins must be the reference's (it was counted on the reference
    /// profile); a binary model's scores are known only by bin, so estimation uses each bin's centre; a multiclass
    /// profile keeps no row's probabilities together, so it has no scores to estimate from.
    /// </summary>
    /// <exception cref="InvalidDataException">The profile is of another model or on other bins; the message says which.</exception>
    public static CurrentData Current(ScoringProfile profile, ScoringProfile reference, string source)
    {
        if (profile.Model.Name != reference.Model.Name || profile.Model.Fingerprint != reference.Model.Fingerprint)
            throw new InvalidDataException($"{source} profiles model '{profile.Model.Name}' (fingerprint {profile.Model.Fingerprint}), not the package's '{reference.Model.Name}' (fingerprint {reference.Model.Fingerprint}).");
        var columns = new Dictionary<string, BinCounts>(StringComparer.Ordinal);
        foreach (var column in profile.Columns)
        {
            var expected = reference.Columns.FirstOrDefault(c => c.Name == column.Name);
            if (expected is null) continue;
            if (column.Histogram is { } h && (expected.Histogram is null || !h.SameEdges(expected.Histogram)) ||
                column.Categories is { } k && (expected.Categories is null || !k.Values.SequenceEqual(expected.Categories.Values, StringComparer.Ordinal)))
                throw new InvalidDataException($"{source} counts column '{column.Name}' on other bins than the package's reference profile: it was not built with new ProfileBuilder(referenceProfile).");
            columns[column.Name] = Counts(column);
        }
        BinCounts? prediction = null;
        ScoreSummary? scores = null;
        if (profile.Predictions.Histogram is { } histogram && reference.Predictions.Histogram is { } expectedPrediction)
        {
            if (!histogram.SameEdges(expectedPrediction)) throw new InvalidDataException($"{source} counts the predictions on other bins than the package's reference profile.");
            prediction = BinCounts.Of([.. histogram.Counts], profile.Predictions.Count - histogram.Total);
            if (profile.Predictions.Kind == PredictionKinds.Probability && ClassifierCalibration.Of(From(reference)) is { } calibration)
            {
                scores = new ScoreSummary(calibration);
                for (var b = 0; b < histogram.Counts.Count; b++)
                    if (histogram.Counts[b] > 0) scores.Add([Centre(histogram.Edges, b)], histogram.Counts[b]);
            }
        }
        return new CurrentData(profile.Rows, columns, prediction, scores);
    }

    /// <summary>
    /// A calibration table: per bin its rows, positives and mean score (the bin's centre in profiles that have no
    /// score sums, written before MLOps.Build 2.1).
    /// </summary>
    private static CalibrationBin[] Table(Histogram histogram, IReadOnlyList<long> positives, IReadOnlyList<double>? sums) =>
        histogram.Counts.Select((rows, b) => new CalibrationBin(
            sums is not null && rows > 0 ? sums[b] / rows : Centre(histogram.Edges, b), rows, positives[b])).ToArray();

    /// <summary>A column's bins: number and boolean columns by their edges, categories by their values (the last bin is "other").</summary>
    public static ColumnBins Bins(ColumnProfile column) => column.Histogram is { } h
        ? ColumnBins.Numbers(column.Name, [.. h.Edges])
        : ColumnBins.Categories(column.Name, [.. column.Categories?.Values ?? []]);

    private static BinCounts Counts(ColumnProfile column) => column.Histogram is { } h
        ? BinCounts.Of([.. h.Counts], column.Missing)
        : BinCounts.Of([.. column.Categories?.Counts ?? [], column.Categories?.Other ?? 0], column.Missing);

    // The middle of a probability bin on [0, 1]; the outer bins end at 0 and 1.
    private static double Centre(IReadOnlyList<double> edges, int bin)
    {
        var low = bin == 0 ? 0 : edges[bin - 1];
        var high = bin == edges.Count ? 1 : edges[bin];
        return (low + high) / 2;
    }
}
