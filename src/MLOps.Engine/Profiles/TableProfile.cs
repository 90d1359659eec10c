using MLOps.Engine.Data;
using MLOps.Engine.Features;
using MLOps.Engine.Statistics;
using MLOps.Runtime;
using MLOps.Runtime.Monitoring;

namespace MLOps.Engine.Profiles;

/// <summary>
/// Profiles of a table of rows and the model's scores on them (docs/monitoring.md, "Formats"): the reference profile
/// the build packs, and profiles of other data on its bins. Counting goes through the runtime's
/// <see cref="ProfileBuilder"/>, so a profile of a table and one an app recorded count the same rows the same way.
/// </summary>
public static class TableProfile
{
    /// <summary>
    /// The reference profile of the evaluation rows: number columns on their quantile edges, category columns counting
    /// their most frequent values, the predictions (regression: on their quantile edges), the calibration table from
    /// <paramref name="labels"/> (class index per row; regression: the values, not used) and the metrics.
    /// The same rows and scores give the same bytes.
    /// </summary>
    public static ScoringProfile Reference(ModelDocument model, DataTable table, ReadOnlySpan<double> scores, double[] labels,
        IReadOnlyDictionary<string, double?> metrics)
    {
        var columns = model.Inputs.Select(i => table.Find(i.Name) ?? throw new ArgumentException($"The table has no column '{i.Name}'.")).ToArray();
        var regression = model.Task == "Regression";
        // Each number column's edges on its own thread: a sort per column is most of the profile's time on many rows.
        var edges = new IReadOnlyList<double>[columns.Length];
        Parallel.For(0, columns.Length, i =>
        {
            if (model.Inputs[i].Type == InputTypes.Number) edges[i] = QuantileEdges(columns[i].Numbers!);
        });
        var layout = ProfileLayout.Create(model, ProfileKinds.Reference,
            i => edges[i],
            i => TopCategories(columns[i]),
            regression ? QuantileEdges(scores) : []);
        return Count(layout, model, table, scores, regression ? null : labels) with
        {
            Kind = ProfileKinds.Reference,
            Metrics = new SortedDictionary<string, double?>(metrics.ToDictionary(m => m.Key, m => m.Value), StringComparer.Ordinal),
        };
    }

    /// <summary>
    /// Counts the rows of <paramref name="table"/> with their <paramref name="scores"/> (one per row, or rows × classes)
    /// on <paramref name="layout"/>'s bins; with <paramref name="labels"/> (class index per row) the calibration too.
    /// </summary>
    public static ScoringProfile Count(ScoringProfile layout, ModelDocument model, DataTable table, ReadOnlySpan<double> scores, double[]? labels = null)
    {
        var builder = new ProfileBuilder(layout);
        var rows = new TableRows(table, model.Inputs);
        var row = new ModelRow(model.Inputs);
        var width = scores.Length / Math.Max(1, table.RowCount);
        for (var r = 0; r < table.RowCount; r++)
        {
            rows.Fill(r, row);
            builder.Add(row, scores.Slice(r * width, width), labels is null ? -1 : (int)labels[r]);
        }
        return builder.ToProfile();
    }

    private static IReadOnlyList<double> QuantileEdges(ReadOnlySpan<double> values)
    {
        var sorted = new double[values.Length];
        var count = 0;
        var negativeZero = false;
        foreach (var value in values)
        {
            if (double.IsNaN(value)) continue;
            negativeZero |= BitConverter.DoubleToInt64Bits(value) == long.MinValue;
            sorted[count++] = value;
        }
        // The radix sort puts -0 before +0, where a comparison sort leaves them as it meets them: with a -0 an edge at
        // zero could change sign, so such a column keeps the comparison sort (the same bytes either way).
        if (negativeZero) Array.Sort(sorted, 0, count);
        else RadixSort.Sort(sorted.AsSpan(0, count));
        return ProfileEdges.Quantiles(sorted.AsSpan(0, count));
    }

    private static IReadOnlyList<string> TopCategories(DataColumn column)
    {
        var counts = new long[column.Levels!.Length];
        foreach (var code in column.Codes!)
            if (code >= 0) counts[code]++;
        return ProfileEdges.TopCategories(column.Levels.Select((level, i) => KeyValuePair.Create(level, counts[i])).Where(p => p.Value > 0));
    }
}
