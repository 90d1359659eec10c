namespace MLOps.Runtime;

/// <summary>
/// One row of input values, indexed like <see cref="ModelDocument.Inputs"/>. Reuse one instance for many rows:
/// scoring allocates nothing per row.
/// </summary>
public sealed class ModelRow
{
    private readonly Dictionary<string, int> _indexByName;

    internal ModelRow(IReadOnlyList<InputSpec> inputs)
    {
        Numbers = new double[inputs.Count];
        Categories = new string?[inputs.Count];
        _indexByName = inputs.Select((input, index) => (input.Name, index))
            .ToDictionary(p => p.Name, p => p.index, StringComparer.Ordinal);
        Clear();
    }

    /// <summary>Values of number and boolean inputs (1 true, 0 false); NaN is missing.</summary>
    public double[] Numbers { get; }

    /// <summary>Values of category inputs; null is missing.</summary>
    public string?[] Categories { get; }

    /// <summary>The index of an input by column name, or -1 when the model has no such input.</summary>
    public int IndexOf(string column) => _indexByName.TryGetValue(column, out var i) ? i : -1;

    /// <summary>Sets a number or boolean input by name.</summary>
    public ModelRow Set(string column, double value)
    {
        Numbers[RequireIndex(column)] = value;
        return this;
    }

    /// <summary>Sets a boolean input by name.</summary>
    public ModelRow Set(string column, bool value) => Set(column, value ? 1.0 : 0.0);

    /// <summary>Sets a category input by name.</summary>
    public ModelRow Set(string column, string? value)
    {
        Categories[RequireIndex(column)] = value;
        return this;
    }

    /// <summary>Marks every input missing.</summary>
    public void Clear()
    {
        Array.Fill(Numbers, double.NaN);
        Array.Clear(Categories);
    }

    private int RequireIndex(string column) =>
        _indexByName.TryGetValue(column, out var i) ? i : throw new ArgumentException($"The model has no input column '{column}'.", nameof(column));
}
