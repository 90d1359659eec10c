using MLOps.Engine.Monitoring;
using MLOps.Engine.Vocabulary;

namespace MLOps.Engine.Tests;

/// <summary>
/// Synthetic monitoring data with known answers: four standard-normal inputs x0..x3 and a category c (a, b, c), a
/// label drawn from a logistic model of them, and a "model" whose score is that logistic probability (so it is
/// calibrated by construction). Shifts and concept changes are switched on per scenario.
/// </summary>
internal sealed class MonitoringScenario
{
    public const int Numbers = 4;
    private static readonly double[] Weights = [1.2, -0.8, 0.6, 0.0];
    private static readonly string[] Categories = ["a", "b", "c"];

    public required double[][] X { get; init; }
    public required string[] C { get; init; }
    public required double[] Labels { get; init; }
    public required double[] Scores { get; init; }

    /// <summary>Rows drawn with optional mean shifts per input, a label rule flipped on x0 (concept drift), and missing x2 at a rate.</summary>
    public static MonitoringScenario Draw(int rows, int seed, double[]? shift = null, bool conceptDrift = false, double missingX2 = 0)
    {
        var random = new Random(seed);
        var x = Enumerable.Range(0, Numbers).Select(_ => new double[rows]).ToArray();
        var c = new string[rows];
        var labels = new double[rows];
        var scores = new double[rows];
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < Numbers; j++) x[j][i] = Normal(random) + (shift?[j] ?? 0);
            c[i] = Categories[random.Next(3)];
            var logit = -0.3 + (c[i] == "b" ? 0.5 : 0);
            for (var j = 0; j < Numbers; j++) logit += Weights[j] * x[j][i];
            scores[i] = 1 / (1 + Math.Exp(-logit));
            var truth = conceptDrift ? 1 / (1 + Math.Exp(-(logit - 2.4 * x[0][i]))) : scores[i];
            labels[i] = random.NextDouble() < truth ? 1 : 0;
            if (missingX2 > 0 && random.NextDouble() < missingX2) x[2][i] = double.NaN;
        }
        return new MonitoringScenario { X = x, C = c, Labels = labels, Scores = scores };
    }

    /// <summary>The reference profile of these rows: 20 quantile bins per input and for the score, 10 calibration bins, the metrics.</summary>
    public MonitorReference Reference(ModelTask task = ModelTask.BinaryClassification)
    {
        var columns = Enumerable.Range(0, Numbers).Select(j => Column($"x{j}", X[j])).ToList();
        var category = ColumnBins.Categories("c", Categories);
        columns.Add(new ReferenceColumn(category, Binning.CountLevels(category, C)));
        var prediction = Column("prediction", Scores);
        var calibration = Enumerable.Range(0, 10).Select(b =>
        {
            var rows = Enumerable.Range(0, Scores.Length).Where(i => Math.Min((int)(Scores[i] * 10), 9) == b).ToArray();
            return new CalibrationBin(rows.Length == 0 ? (b + 0.5) / 10 : rows.Average(i => Scores[i]), rows.Length, rows.Count(i => Labels[i] == 1));
        }).ToArray();
        var metrics = Metrics.MetricRegistry.Compute(task, Labels, Scores);
        return new MonitorReference("Synthetic", task, Labels.Length, columns, prediction, calibration, metrics);
    }

    /// <summary>These rows as current data on the reference's bins, labelled when asked.</summary>
    public CurrentChunk Current(MonitorReference reference, bool labelled = false, string label = "all")
    {
        var counts = new Dictionary<string, BinCounts>();
        foreach (var column in reference.Columns)
            counts[column.Bins.Name] = column.Bins.IsNumber
                ? Binning.CountNumbers(column.Bins, X[int.Parse(column.Bins.Name[1..])])
                : Binning.CountLevels(column.Bins, C);
        var prediction = Binning.CountNumbers(reference.Prediction!.Bins, Scores);
        var data = new CurrentData(Labels.Length, counts, prediction, ClassifierCalibration.Of(reference) is { } calibration ? ScoreSummary.Of(calibration, Scores) : null);
        return new CurrentChunk(label, data, labelled ? Labels : null, labelled ? Scores : null);
    }

    private static ReferenceColumn Column(string name, double[] values)
    {
        var sorted = values.Where(v => !double.IsNaN(v)).Order().ToArray();
        var edges = Enumerable.Range(1, 19).Select(q => sorted[(int)(q / 20.0 * sorted.Length)]).Distinct().ToArray();
        var bins = ColumnBins.Numbers(name, edges);
        return new ReferenceColumn(bins, Binning.CountNumbers(bins, values));
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
