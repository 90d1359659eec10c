namespace MLOps.Engine.Monitoring;

/// <summary>
/// The current data of chunks added up from parts in row order: counts and score summaries added in place (a
/// chunk's size does not grow with its rows), the joined labels and scores kept in lists so that many parts cost one
/// copy at the end.
/// </summary>
internal sealed class ChunkSums
{
    private readonly SortedDictionary<string, Sum> _sums = new(StringComparer.Ordinal);

    /// <summary>Adds a part to the chunk <paramref name="key"/>: chunks come out in the keys' ordinal order.</summary>
    public void Add(string key, CurrentChunk part)
    {
        if (!_sums.TryGetValue(key, out var sum)) _sums[key] = sum = new Sum();
        sum.Add(part);
    }

    /// <summary>The chunks in key order, each labelled by <paramref name="label"/> given its key.</summary>
    public CurrentChunk[] ToChunks(Func<string, string> label) => _sums.Select(p => p.Value.ToChunk(label(p.Key))).ToArray();

    private sealed class Sum
    {
        private CurrentData? _data;
        private ScoreSummary? _scores;
        private List<double>? _labels, _joinedScores;

        public void Add(CurrentChunk part)
        {
            var data = part.Data with { Scores = null };
            _data = _data is null ? data : _data.Plus(data);
            if (part.Data.Scores is { } scores)
            {
                if (_scores is null) _scores = scores;
                else _scores.Add(scores);
            }
            if (part.Labels is null) return;
            (_labels ??= []).AddRange(part.Labels);
            (_joinedScores ??= []).AddRange(part.Scores!);
        }

        public CurrentChunk ToChunk(string label) => new(label, _data! with { Scores = _scores }, _labels?.ToArray(), _joinedScores?.ToArray());
    }
}
