namespace MLOps.Runtime;

/// <summary>
/// Turns one row of input values into the predictor's dense feature vector, exactly as training did.
/// Training and scoring share this code, so a model scores in an app as it scored in its evaluation.
/// </summary>
public sealed class Featurizer
{
    private readonly InputSpec[] _inputs;
    private readonly int[] _offsets;
    private readonly Dictionary<string, int>?[] _levelIndex;

    /// <summary>Prepares the lookups for a model's inputs.</summary>
    public Featurizer(IReadOnlyList<InputSpec> inputs)
    {
        _inputs = inputs.ToArray();
        _offsets = new int[_inputs.Length];
        _levelIndex = new Dictionary<string, int>?[_inputs.Length];
        var width = 0;
        for (var i = 0; i < _inputs.Length; i++)
        {
            _offsets[i] = width;
            var input = _inputs[i];
            if (input.Type == InputTypes.Category)
            {
                var levels = input.Levels ?? [];
                _levelIndex[i] = levels.Select((level, index) => (level, index))
                    .ToDictionary(p => p.level, p => p.index, StringComparer.Ordinal);
                width += input.Encoding == InputTypes.RawEncoding ? 1 : levels.Count;
            }
            else
            {
                width += input.MissingIndicator ? 2 : 1;
            }
        }
        FeatureCount = width;
    }

    /// <summary>Length of the feature vector.</summary>
    public int FeatureCount { get; }

    /// <summary>Writes the features of <paramref name="row"/> into <paramref name="features"/> (length <see cref="FeatureCount"/>).</summary>
    public void Transform(ModelRow row, Span<double> features)
    {
        features.Clear();
        for (var i = 0; i < _inputs.Length; i++)
        {
            var input = _inputs[i];
            var at = _offsets[i];
            if (input.Encoding == InputTypes.RawEncoding)
            {
                features[at] = _levelIndex[i] is { } codes
                    ? row.Categories[i] is { } category && codes.TryGetValue(category, out var code) ? code : double.NaN
                    : row.Numbers[i];
                continue;
            }
            if (_levelIndex[i] is { } levels)
            {
                var value = row.Categories[i];
                if (value is not null && levels.TryGetValue(value, out var level))
                    features[at + level] = 1;
                continue;
            }
            var x = row.Numbers[i];
            if (double.IsNaN(x))
            {
                // Missing: the centre (0 after centering), and the indicator says so.
                if (input.MissingIndicator) features[at + 1] = 1;
            }
            else
            {
                features[at] = (x - input.Center.GetValueOrDefault()) / input.Scale.GetValueOrDefault(1);
            }
        }
    }
}
