namespace MLOps.Engine.Monitoring;

/// <summary>
/// The reference's calibration map, score → probability of the positive class: the calibration table's observed
/// rates made non-decreasing (pool adjacent violators, weighted by rows) and interpolated linearly between the bins'
/// scores (scikit-learn's IsotonicRegression). Past the outer points the map continues the line through the last
/// two (clamped to [0, 1]) rather than staying flat: the table's 20 bins are read at their centres, and a flat tail
/// would give every score in an outer half-bin one probability, which inflates the renormalised probabilities of
/// unlikely classes and flattens the expected ROC curve. With no table the scores are taken as calibrated.
/// </summary>
public sealed class Calibration
{
    private readonly double[] _scores;
    private readonly double[] _rates;

    private Calibration(double[] scores, double[] rates) => (_scores, _rates) = (scores, rates);

    /// <summary>The map of a calibration table (bins with no rows are skipped).</summary>
    public static Calibration Of(IReadOnlyList<CalibrationBin> table) => Fit(Points(table, b => (double)b.Positives / b.Rows));

    // The table's bins with rows as (score, rate, weight) in score order.
    private static (double, double, double)[] Points(IReadOnlyList<CalibrationBin> table, Func<CalibrationBin, double> rate) =>
        table.Where(b => b.Rows > 0).OrderBy(b => b.MeanScore).Select(b => (b.MeanScore, rate(b), (double)b.Rows)).ToArray();

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
                block = (weight > 0 ? (last.Rate * last.Weight + block.Rate * block.Weight) / weight : block.Rate, weight, last.Points + block.Points);
            }
            blocks.Add(block);
        }
        var rates = blocks.SelectMany(b => Enumerable.Repeat(b.Rate, b.Points)).ToArray();
        return new Calibration(points.Select(p => p.Score).ToArray(), rates);
    }

    /// <summary>
    /// The map of <paramref name="table"/> refitted on rates redrawn from each bin's binomial sampling error (the
    /// band's share of the table's uncertainty); a map with no table is returned as it is.
    /// </summary>
    public Calibration Redrawn(IReadOnlyList<CalibrationBin> table, Random random)
    {
        if (!FromTable) return this;
        return Fit(Points(table, b =>
        {
            var rate = (double)b.Positives / b.Rows;
            // Half a row of each class keeps an all-positive or all-negative bin uncertain, as a Jeffreys prior would.
            var spread = Math.Sqrt((rate * (1 - rate) + 0.25 / b.Rows) / b.Rows);
            return Math.Clamp(rate + spread * Normal(random), 0, 1);
        }));
    }

    /// <summary>A standard normal draw (Box–Muller), so a seed gives the same draws on every machine.</summary>
    public static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    /// <summary>Whether the map came from a table (false: scores taken as probabilities).</summary>
    public bool FromTable => _scores.Length > 0;

    /// <summary>The calibrated probability of a score.</summary>
    public double Probability(double score)
    {
        if (_scores.Length == 0) return Math.Clamp(score, 0, 1);
        if (_scores.Length == 1) return _rates[0];
        if (score <= _scores[0]) return Line(0, 1, score);
        if (score >= _scores[^1]) return Line(_scores.Length - 2, _scores.Length - 1, score);
        var i = Array.BinarySearch(_scores, score);
        if (i >= 0) return _rates[i];
        return Line(~i - 1, ~i, score);
    }

    // The map's line through points a and b at a score, clamped to a probability.
    private double Line(int a, int b, double score) => _scores[b] == _scores[a] ? _rates[b] :
        Math.Clamp(_rates[a] + (score - _scores[a]) / (_scores[b] - _scores[a]) * (_rates[b] - _rates[a]), 0, 1);
}
