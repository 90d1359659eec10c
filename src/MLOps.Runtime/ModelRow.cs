namespace MLOps.Runtime;

/// <summary>
/// One row of input values, indexed like <see cref="ModelDocument.Inputs"/>. Reuse one instance for many rows:
/// scoring allocates nothing per row. The setters are typed: a number input takes a <see cref="double"/>, a boolean
/// input a <see cref="bool"/>, a category input a <see cref="string"/>; anything else, or a name the model has no
/// input for, throws an <see cref="ArgumentException"/> that says what the input takes.
/// </summary>
public sealed class ModelRow
{
    private readonly IReadOnlyList<InputSpec> _inputs;
    private readonly string[] _types;
    private readonly Dictionary<string, int> _indexByName;

    internal ModelRow(IReadOnlyList<InputSpec> inputs)
    {
        _inputs = inputs;
        _types = inputs.Select(TypeOf).ToArray();
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

    /// <summary>Sets a number input by name; NaN is missing.</summary>
    public ModelRow Set(string column, double value)
    {
        Numbers[RequireIndex(column, InputTypes.Number)] = value;
        return this;
    }

    /// <summary>Sets a boolean input by name.</summary>
    public ModelRow Set(string column, bool value)
    {
        Numbers[RequireIndex(column, InputTypes.Boolean)] = value ? 1.0 : 0.0;
        return this;
    }

    /// <summary>Sets a category input by name; null is missing. A value not among the input's levels scores as missing.</summary>
    public ModelRow Set(string column, string? value)
    {
        Categories[RequireIndex(column, InputTypes.Category)] = value;
        return this;
    }

    /// <summary>Marks one input missing, whatever its type.</summary>
    public ModelRow SetMissing(string column)
    {
        var i = RequireIndex(column, null);
        Numbers[i] = double.NaN;
        Categories[i] = null;
        return this;
    }

    /// <summary>Marks every input missing.</summary>
    public void Clear()
    {
        Array.Fill(Numbers, double.NaN);
        Array.Clear(Categories);
    }

    /// <summary>The input's index, checking that it exists and, unless <paramref name="type"/> is null, that it has that type.</summary>
    private int RequireIndex(string column, string? type)
    {
        if (!_indexByName.TryGetValue(column, out var i))
            throw new ArgumentException($"The model has no input '{column}'. Its inputs: {Describe(_inputs)}.", nameof(column));
        if (type is not null && _types[i] != type)
            throw new ArgumentException($"Input '{column}' is a {_types[i]}: set it with {ValueFor(_types[i])}, not {ValueFor(type)}.", nameof(column));
        return i;
    }

    /// <summary>How the featurizer reads an input: a category as text, a boolean or any other type as a number.</summary>
    private static string TypeOf(InputSpec input) => input.Type switch
    {
        InputTypes.Category => InputTypes.Category,
        InputTypes.Boolean => InputTypes.Boolean,
        _ => InputTypes.Number,
    };

    private static string ValueFor(string type) => type switch
    {
        InputTypes.Category => "a string",
        InputTypes.Boolean => "a bool",
        _ => "a double",
    };

    /// <summary>The first inputs with their types, enough to spot a misspelled name.</summary>
    private static string Describe(IReadOnlyList<InputSpec> inputs)
    {
        const int shown = 20;
        if (inputs.Count == 0) return "none";
        var listed = string.Join(", ", inputs.Take(shown).Select(input => $"{input.Name} ({TypeOf(input)})"));
        return inputs.Count > shown ? $"{listed}, … ({inputs.Count} in all; Model.Inputs lists them)" : listed;
    }
}
