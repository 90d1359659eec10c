using System.Runtime.InteropServices;

namespace MLOps.Runtime.Monitoring;

/// <summary>
/// Counts scored rows into a <see cref="ScoringProfile"/> on a layout's bins (the reference profile, or
/// <see cref="ProfileLayout"/>). Used by apps (<c>Model.WithProfile</c>) and by the build for the reference profile,
/// so both count the same way. Not thread-safe; adding a row allocates nothing.
/// </summary>
public sealed class ProfileBuilder
{
    private readonly ScoringProfile _layout;
    private readonly string _kind;
    private readonly ValueCounter?[] _numbers;
    private readonly Dictionary<string, int>?[] _categoryIndex;
    private readonly long[]?[] _categoryCounts;
    private readonly long[] _other;
    private readonly long[] _categoryMissing;
    private readonly ValueCounter? _score;
    private readonly ValueCounter[] _classes;
    private readonly long[] _predicted;
    private readonly long[][] _positives; // per class (binary: one, for the positive class), per bin
    private readonly double[][] _scoreSums; // likewise: the sum of the scores, for the calibration table's mean score per bin
    private long _rows, _labeled;
    private DateTimeOffset? _first, _last;

    /// <summary>Starts an empty profile on <paramref name="layout"/>'s bins (its counts are not added).</summary>
    public ProfileBuilder(ScoringProfile layout, string kind = ProfileKinds.Scored)
    {
        _layout = layout;
        _kind = kind;
        var columns = layout.Columns;
        _numbers = columns.Select(c => c.Histogram is { } h ? new ValueCounter(h.Edges) : null).ToArray();
        _categoryIndex = columns.Select(c => c.Categories?.Values.Select((v, i) => (v, i)).ToDictionary(p => p.v, p => p.i, StringComparer.Ordinal)).ToArray();
        _categoryCounts = columns.Select(c => c.Categories is { } k ? new long[k.Values.Count] : null).ToArray();
        _other = new long[columns.Count];
        _categoryMissing = new long[columns.Count];
        var predictions = layout.Predictions;
        _score = predictions.Histogram is { } ph ? new ValueCounter(ph.Edges) : null;
        _classes = predictions.Classes?.Select(k => new ValueCounter(k.Histogram.Edges)).ToArray() ?? [];
        _predicted = new long[_classes.Length];
        _positives = _score is not null ? [new long[_score.Bins.Length]] : _classes.Select(c => new long[c.Bins.Length]).ToArray();
        _scoreSums = _positives.Select(p => new double[p.Length]).ToArray();
    }

    /// <summary>Rows added so far.</summary>
    public long Rows => _rows;

    /// <summary>Adds a row with its score (binary: the positive class's probability; regression: the prediction).</summary>
    /// <param name="row">The row's inputs.</param>
    /// <param name="score">What the model scored.</param>
    /// <param name="label">The row's class index when known (binary: 1 positive, 0 negative), else −1.</param>
    /// <param name="time">When it was scored, for the profile's time range.</param>
    public void Add(ModelRow row, double score, int label = -1, DateTimeOffset? time = null) =>
        Add(row.Numbers, row.Categories, MemoryMarshal.CreateReadOnlySpan(ref score, 1), label, time);

    /// <summary>Adds a row of a multiclass model with every class's probability (label: class index or −1).</summary>
    public void Add(ModelRow row, ReadOnlySpan<double> probabilities, int label = -1, DateTimeOffset? time = null) =>
        Add(row.Numbers, row.Categories, probabilities, label, time);

    /// <summary>
    /// Adds a row given as values by input index (<see cref="ModelRow.Numbers"/> and <see cref="ModelRow.Categories"/>)
    /// and the model's outputs (one score, or a multiclass model's probabilities).
    /// </summary>
    public void Add(ReadOnlySpan<double> numbers, ReadOnlySpan<string?> categories, ReadOnlySpan<double> outputs, int label = -1, DateTimeOffset? time = null)
    {
        if (numbers.Length != _numbers.Length || categories.Length != _numbers.Length)
            throw new ArgumentException($"The profile has {_numbers.Length} columns; the row has {numbers.Length}.", nameof(numbers));
        for (var i = 0; i < _numbers.Length; i++)
        {
            if (_numbers[i] is { } counter) counter.Add(numbers[i]);
            else if (categories[i] is not { } value) _categoryMissing[i]++;
            else if (_categoryIndex[i]!.TryGetValue(value, out var at)) _categoryCounts[i]![at]++;
            else _other[i]++;
        }
        AddOutputs(outputs, label);
        _rows++;
        if (label >= 0) _labeled++;
        if (time is { } t)
        {
            var utc = t.ToUniversalTime();
            if (_first is null || utc < _first) _first = utc;
            if (_last is null || utc > _last) _last = utc;
        }
    }

    private void AddOutputs(ReadOnlySpan<double> outputs, int label)
    {
        if (_score is not null)
        {
            if (outputs.Length != 1) throw new ArgumentException($"A {_layout.Model.Task} model has one score; got {outputs.Length}.", nameof(outputs));
            var bin = _score.Add(outputs[0]);
            if (bin < 0) return;
            _scoreSums[0][bin] += outputs[0];
            if (label == 1) _positives[0][bin]++;
            return;
        }
        if (outputs.Length != _classes.Length) throw new ArgumentException($"The model has {_classes.Length} classes; got {outputs.Length} probabilities.", nameof(outputs));
        var best = 0;
        for (var k = 0; k < _classes.Length; k++)
        {
            var bin = _classes[k].Add(outputs[k]);
            if (bin >= 0) _scoreSums[k][bin] += outputs[k];
            if (label == k && bin >= 0) _positives[k][bin]++;
            if (outputs[k] > outputs[best]) best = k;
        }
        if (_classes.Length > 0) _predicted[best]++;
    }

    /// <summary>The profile of the rows added so far (a snapshot: adding more rows later does not change it).</summary>
    public ScoringProfile ToProfile()
    {
        // Calibration needs every row's label; a profile of unlabeled (or partly labeled) rows has none.
        var calibrated = _rows > 0 && _labeled == _rows && _layout.Model.Task != "Regression";
        var columns = _layout.Columns.Select((c, i) => _numbers[i] is { } counter
            ? c with { Count = _rows, Missing = counter.Missing, Histogram = counter.ToHistogram(), Summary = counter.ToSummary() }
            : c with { Count = _rows, Missing = _categoryMissing[i], Categories = c.Categories! with { Counts = (long[])_categoryCounts[i]!.Clone(), Other = _other[i] } }).ToArray();
        var predictions = _layout.Predictions with
        {
            Count = _rows,
            Histogram = _score?.ToHistogram(),
            Summary = _score?.ToSummary(),
            Positives = _score is not null && calibrated ? (long[])_positives[0].Clone() : null,
            ScoreSums = _score is not null && calibrated ? (double[])_scoreSums[0].Clone() : null,
            Classes = _layout.Predictions.Classes?.Select((k, i) =>
                new ClassPrediction(k.Name, _predicted[i], _classes[i].ToHistogram(), calibrated ? (long[])_positives[i].Clone() : null)
                { ScoreSums = calibrated ? (double[])_scoreSums[i].Clone() : null }).ToArray(),
        };
        return new ScoringProfile
        {
            Kind = _kind,
            Model = _layout.Model,
            Rows = _rows,
            FirstScored = _first,
            LastScored = _last,
            Columns = columns,
            Predictions = predictions,
        };
    }
}
