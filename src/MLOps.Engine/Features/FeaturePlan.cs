using MLOps.Engine.Data;
using MLOps.Runtime;

namespace MLOps.Engine.Features;

/// <summary>
/// Fits how each input column becomes features, on training rows only: numbers and booleans are centred and
/// scaled by their mean and population standard deviation, with a missing-value indicator when training data
/// had missing values; categories are one-hot over the levels seen in training. Text columns are not inputs.
/// </summary>
public static class FeaturePlan
{
    /// <summary>The model inputs for every usable column of <paramref name="table"/> except those in <paramref name="notInputs"/>.</summary>
    public static IReadOnlyList<InputSpec> Fit(DataTable table, IReadOnlySet<string> notInputs)
    {
        var inputs = new List<InputSpec>();
        foreach (var column in table.Columns)
        {
            if (notInputs.Contains(column.Name) || column.Type == ColumnType.Text) continue;
            if (column.Type == ColumnType.Category)
            {
                inputs.Add(new InputSpec { Name = column.Name, Type = InputTypes.Category, Levels = column.Levels });
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
            Levels = c.Type == ColumnType.Category ? c.Levels : null,
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
