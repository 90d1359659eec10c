using MLOps.Engine.Vocabulary;
using System.Diagnostics;
using MLOps.Engine.Diagnostics;
using MLOps.Engine.Gates;
using MLOps.Engine.Metrics;
using MLOps.Engine.Statistics;

namespace MLOps.Benchmarks;

/// <summary>The gate workload: 1,000,000 rows, 2,000 paired bootstrap resamples, three metrics.</summary>
public static class GateWorkload
{
    public static (double[] Labels, double[] Candidate, double[] Baseline) Data(int rows, int seed = 1)
    {
        var random = new Random(seed);
        var labels = new double[rows];
        var candidate = new double[rows];
        var baseline = new double[rows];
        for (var i = 0; i < rows; i++)
        {
            labels[i] = random.NextDouble() < 0.3 ? 1 : 0;
            var signal = labels[i] == 1 ? 1.0 : -1.0;
            candidate[i] = 1 / (1 + Math.Exp(-(signal + Gaussian(random))));
            baseline[i] = 1 / (1 + Math.Exp(-(0.9 * signal + Gaussian(random))));
        }
        return (labels, candidate, baseline);
    }

    private static double Gaussian(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    public static void Run(int rows, int resamples)
    {
        var (y, a, b) = Data(rows);
        Console.WriteLine(IsaHeader.Line());
        Console.WriteLine($"gate workload: {rows:N0} rows, {resamples:N0} resamples, metrics auc, log_loss, accuracy, {Environment.ProcessorCount} cores");
        var total = Stopwatch.StartNew();
        foreach (var metric in new[] { "auc", "log_loss", "accuracy" })
        {
            var clock = Stopwatch.StartNew();
            var result = PairedBootstrap.Run(PairedMetric.For(ModelTask.BinaryClassification, metric, y, a, b)!, rows, resamples, seed: 42);
            Console.WriteLine($"  {metric,-9} {clock.Elapsed.TotalSeconds,6:0.00} s  difference {result.Observed:+0.0000;-0.0000}, 95% interval [{result.Quantile(0.025):+0.0000;-0.0000}, {result.Quantile(0.975):+0.0000;-0.0000}]");
        }
        Console.WriteLine($"  total     {total.Elapsed.TotalSeconds,6:0.00} s");

        // What default gates cost: DeLong for auc, paired t for log_loss, McNemar for accuracy; no resampling.
        var gates = new[] { "auc", "log_loss", "accuracy" }.Select(m => new GateDefinition(m, null, null, null, true, 0.95, null)).ToArray();
        var defaults = Stopwatch.StartNew();
        GateEvaluator.EvaluateBinary(gates, y, a, b, new GateSettings(), "bench", new DiagnosticBag());
        Console.WriteLine($"default tests (DeLong, paired t, McNemar) for the same three gates: {defaults.Elapsed.TotalSeconds:0.00} s");
    }
}
