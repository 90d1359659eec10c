namespace MLOps.Engine.Monitoring;

/// <summary>
/// The reference's calibration map, score → probability of the positive class: the calibration table's observed
/// rates made non-decreasing (pool adjacent violators, weighted by rows) and interpolated linearly between the bins'
/// scores, flat past the ends (scikit-learn's IsotonicRegression with out_of_bounds='clip'). With no table the
/// scores are taken as calibrated.
/// </summary>
public sealed class Calibration
{
    private readonly double[] _scores;
    private readonly double[] _rates;

    private Calibration(double[] scores, double[] rates) => (_scores, _rates) = (scores, rates);

    /// <summary>The map of a calibration table (bins with no rows are skipped).</summary>
    public static Calibration Of(IReadOnlyList<CalibrationBin> table) =>
        Fit(table.Where(b => b.Rows > 0).OrderBy(b => b.MeanScore).Select(b => (b.MeanScore, (double)b.Positives / b.Rows, (double)b.Rows)).ToArray());

    /// <summary>
    /// A map from (score, rate, weight) points in score order, made monotone as scikit-learn's IsotonicRegression does:
    /// every point keeps its score and takes its pooled block's weighted rate; between points the map is linear.
    /// </summary>
    public static Calibration Fit(IReadOnlyList<(double Score, double Rate, double Weight)> points)
    {
        // Pool adjacent violators: blocks of (weighted mean rate, weight, points pooled).
        var blocks = new List<(double Rate, double Weight, int Points)>();
        foreach (var point in points)
        {
            var block = (point.Rate, point.Weight, Points: 1);
            while (blocks.Count > 0 && blocks[^1].Rate >= block.Rate)
            {
                var last = blocks[^1];
                blocks.RemoveAt(blocks.Count - 1);
                var weight = last.Weight + block.Weight;
                block = ((last.Rate * last.Weight + block.Rate * block.Weight) / weight, weight, last.Points + block.Points);
            }
            blocks.Add(block);
        }
        var rates = blocks.SelectMany(b => Enumerable.Repeat(b.Rate, b.Points)).ToArray();
        return new Calibration(points.Select(p => p.Score).ToArray(), rates);
    }

    /// <summary>Whether the map came from a table (false: scores taken as probabilities).</summary>
    public bool FromTable => _scores.Length > 0;

    /// <summary>The calibrated probability of a score.</summary>
    public double Probability(double score)
    {
        if (_scores.Length == 0) return Math.Clamp(score, 0, 1);
        if (score <= _scores[0]) return _rates[0];
        if (score >= _scores[^1]) return _rates[^1];
        var i = Array.BinarySearch(_scores, score);
        if (i >= 0) return _rates[i];
        var upper = ~i;
        var t = (score - _scores[upper - 1]) / (_scores[upper] - _scores[upper - 1]);
        return _rates[upper - 1] + t * (_rates[upper] - _rates[upper - 1]);
    }
}
