using System.Globalization;
using MLOps.Engine.Diagnostics;

namespace MLOps.Engine.Learners;

/// <summary>One parameter a trainer accepts, with its default and valid range (docs/trainers.md lists them).</summary>
public sealed record ParameterDefinition(string Name, double Default, double Minimum, double Maximum, bool IsInteger, string Description)
{
    /// <summary>Changes how fast a model trains, not what it is: not recorded in the model file.</summary>
    public bool OnlySpeed { get; init; }

    public bool Accepts(double value) => value >= Minimum && value <= Maximum && (!IsInteger || value == Math.Floor(value));

    public string Range => IsInteger
        ? $"a whole number from {Minimum.ToString(CultureInfo.InvariantCulture)} to {(Maximum == int.MaxValue ? "2147483647" : Maximum.ToString(CultureInfo.InvariantCulture))}"
        : Maximum == double.MaxValue ? $"a number ≥ {Minimum.ToString(CultureInfo.InvariantCulture)}" : $"a number from {Minimum.ToString(CultureInfo.InvariantCulture)} to {Maximum.ToString(CultureInfo.InvariantCulture)}";
}

/// <summary>Parsed parameter values: every defined parameter, given or defaulted.</summary>
public sealed class TrainerParameters
{
    private readonly Dictionary<string, double> _values;
    private readonly HashSet<string> _onlySpeed;

    private TrainerParameters(Dictionary<string, double> values, IEnumerable<ParameterDefinition> definitions) =>
        (_values, _onlySpeed) = (values, definitions.Where(d => d.OnlySpeed).Select(d => d.Name).ToHashSet(StringComparer.Ordinal));

    /// <summary>No parameters (a model the build did not train).</summary>
    public static TrainerParameters Empty { get; } = new([], []);

    public double this[string name] => _values[name];

    /// <summary>Values in name order as invariant strings, for the model file (parameters that only change speed are left out).</summary>
    public IReadOnlyDictionary<string, string> ToStrings() =>
        new SortedDictionary<string, string>(_values.Where(p => !_onlySpeed.Contains(p.Key)).ToDictionary(p => p.Key, p => p.Value.ToString("R", CultureInfo.InvariantCulture)), StringComparer.Ordinal);

    /// <summary>Parses the given values against the definitions; unknown names and bad values are errors, never ignored.</summary>
    public static TrainerParameters? Parse(string trainer, IReadOnlyList<ParameterDefinition> definitions,
        IReadOnlyList<KeyValuePair<string, string>> given, string projectFile, DiagnosticBag diagnostics)
    {
        var values = definitions.ToDictionary(d => d.Name, d => d.Default, StringComparer.Ordinal);
        var ok = true;
        foreach (var (name, text) in given)
        {
            var definition = definitions.FirstOrDefault(d => d.Name == name);
            if (definition is null)
            {
                diagnostics.Error(DiagnosticCodes.UnknownTrainerParameter,
                    $"Trainer '{trainer}' has no parameter '{name}'.{Suggestions.DidYouMean(name, definitions.Select(d => d.Name))} Its parameters are: {string.Join(", ", definitions.Select(d => d.Name))}.",
                    projectFile);
                ok = false;
                continue;
            }
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !definition.Accepts(value))
            {
                diagnostics.Error(DiagnosticCodes.InvalidTrainerParameter,
                    $"TrainerParameter '{name}' has the value '{text}'; it must be {definition.Range}.", projectFile);
                ok = false;
                continue;
            }
            values[name] = value;
        }
        return ok ? new TrainerParameters(values, definitions) : null;
    }
}
