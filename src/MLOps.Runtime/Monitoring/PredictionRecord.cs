namespace MLOps.Runtime.Monitoring;

/// <summary>
/// One line of a prediction log (docs/monitoring.md, "Formats"): when a row was scored, by which model, its inputs by
/// column name, what the model said, and the app's correlation key (to join labels that arrive later).
/// </summary>
/// <param name="Time">When it was scored, UTC.</param>
/// <param name="Model">The model's name.</param>
/// <param name="Version">The package version, when the app said it.</param>
/// <param name="Fingerprint">The model's training fingerprint (which model exactly, whatever the version).</param>
/// <param name="Key">The correlation key, when the app gave one.</param>
/// <param name="Inputs">Input values by column: a <see cref="double"/> (number), <see cref="bool"/> (boolean), <see cref="string"/> (category) or null (missing).</param>
/// <param name="Score">Binary: the positive class's probability; regression: the prediction; null for multiclass.</param>
/// <param name="Probabilities">Multiclass: every class's probability in the model's class order; else null.</param>
public sealed record PredictionRecord(
    DateTimeOffset Time, string Model, string? Version, string Fingerprint, string? Key,
    IReadOnlyDictionary<string, object?> Inputs, double? Score, IReadOnlyList<double>? Probabilities)
{
    /// <summary>
    /// Sets <paramref name="row"/>'s inputs from this record (inputs the record lacks stay missing; values of another
    /// type or names the model does not have are skipped, so an older log still reads).
    /// </summary>
    public void FillRow(ModelRow row)
    {
        row.Clear();
        foreach (var (name, value) in Inputs)
        {
            var i = row.IndexOf(name);
            if (i < 0) continue;
            switch (value)
            {
                case double number: row.Numbers[i] = number; break;
                case bool flag: row.Numbers[i] = flag ? 1 : 0; break;
                case string category: row.Categories[i] = category; break;
            }
        }
    }
}
