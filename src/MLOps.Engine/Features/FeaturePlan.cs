using MLOps.Engine.Data;
using MLOps.Runtime;

namespace MLOps.Engine.Features;

/// <summary>
/// Fits how each input column becomes features, on training rows only: numbers and booleans are centred and
/// scaled by their mean and population standard deviation, with a missing-value indicator when training data
/// had missing values; categories are one-hot over the levels seen in training (at most <see cref="MaxCategories"/>,
/// the most frequent). Text columns are not inputs.
/// </summary>
public static class FeaturePlan
{
    /// <summary>
    /// Most categories one input keeps: the most frequent in training; the others are scored as missing, so a column of
    /// thousands of distinct values does not become thousands of features and a huge model file.
    /// </summary>
    public const int MaxCategories = 100;

    /// <summary>The levels a category column keeps: all, or the <see cref="MaxCategories"/> most frequent (ties: ordinal order), in ordinal order.</summary>
    public static string[] KeptLevels(DataColumn column)
    {
        var levels = column.Levels!;
        if (levels.Length <= MaxCategories) return levels;
        var counts = new int[levels.Length];
        foreach (var code in column.Codes!) if (code >= 0) counts[code]++;
        return Enumerable.Range(0, levels.Length).OrderByDescending(i => counts[i]).ThenBy(i => i).Take(MaxCategories).Order().Select(i => levels[i]).ToArray();
    }

    /// <summary>The model inputs for every usable column of <paramref name="table"/> except those in <paramref name="notInputs"/>.</summary>
    public static IReadOnlyList<InputSpec> Fit(DataTable table, IReadOnlySet<string> notInputs)
    {
        var inputs = new List<InputSpec>();
        foreach (var column in table.Columns)
        {
            if (notInputs.Contains(column.Name) || column.Type == ColumnType.Text) continue;
            if (column.Type == ColumnType.Category)
            {
                inputs.Add(new InputSpec { Name = column.Name, Type = InputTypes.Category, Levels = KeptLevels(column) });
                continue;
            }
            var (mean, std, missing) = Moments(column.Numbers!);
            inputs.Add(new InputSpec
            {
                Name = column.Name,
                Type = column.Type == ColumnType.Boolean ? InputTypes.Boolean : InputTypes.Number,
                Center = mean,
                Scale = std > 0 ? std : 1,
                MissingIndicator = missing,
            });
        }
        return inputs;
    }

    /// <summary>
    /// The model inputs of a tree model: every usable column as one raw feature (numbers and booleans as they are,
    /// categories as their index among the training levels); missing values stay missing for the trees to route.
    /// </summary>
    public static IReadOnlyList<InputSpec> FitRaw(DataTable table, IReadOnlySet<string> notInputs) =>
        table.Columns.Where(c => !notInputs.Contains(c.Name) && c.Type != ColumnType.Text).Select(c => new InputSpec
        {
            Name = c.Name,
            Type = c.Type switch { ColumnType.Category => InputTypes.Category, ColumnType.Boolean => InputTypes.Boolean, _ => InputTypes.Number },
            Levels = c.Type == ColumnType.Category ? KeptLevels(c) : null,
            Encoding = InputTypes.RawEncoding,
        }).ToArray();

    private static (double Mean, double Std, bool AnyMissing) Moments(double[] values)
    {
        double sum = 0;
        var count = 0;
        foreach (var v in values)
        {
            if (double.IsNaN(v)) continue;
            sum += v;
            count++;
        }
        if (count == 0) return (0, 1, true);
        var mean = sum / count;
        double squares = 0;
        foreach (var v in values)
        {
            if (double.IsNaN(v)) continue;
            squares += (v - mean) * (v - mean);
        }
        return (mean, Math.Sqrt(squares / count), count < values.Length);
    }
}
