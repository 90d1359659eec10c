using System.Runtime.Intrinsics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using MLOps.Engine.Learners;
using MLOps.Engine.Learners.Trees;
using MLOps.Engine.Metrics;
using MLOps.Engine.Statistics;
using MLOps.Engine.Vocabulary;

namespace MLOps.Engine.Tests;

/// <summary>
/// Runs every learner and the gate bootstrap on fixed data and prints one line per result: its name and a hash of
/// its exact bits. <see cref="InstructionSetDeterminismTests"/> runs it in child processes with instruction sets
/// switched off (the runtime reads DOTNET_Enable* only at start) and compares the lines.
/// </summary>
public static class InstructionSetProbe
{
    public const string Command = "instruction-set-probe";

    private static readonly JsonSerializerOptions Exact = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public static int Main(string[] args)
    {
        if (args is not [Command]) return 0; // the test runner's generated entry point did nothing either
        Console.WriteLine($"isa Vector512={Vector512.IsHardwareAccelerated} Vector256={Vector256.IsHardwareAccelerated} Vector128={Vector128.IsHardwareAccelerated}");
        foreach (var (name, result) in Results()) Console.WriteLine($"{name} {Hash(result)}");
        return 0;
    }

    /// <summary>Rows are not a multiple of any vector width, so every kernel's tail runs too.</summary>
    public static IEnumerable<(string Name, object Result)> Results()
    {
        var (columns, binary, classes, target) = Data(rows: 20_011, width: 9);
        var rowMajor = Enumerable.Range(0, binary.Length).SelectMany(r => columns.Select(c => c[r])).ToArray();

        yield return ("logistic", LogisticRegression.Fit(columns, binary, l2: 1, maxIterations: 200, tolerance: 1e-8));
        yield return ("logistic-row-major", LogisticRegression.Fit(rowMajor, columns.Length, binary, l2: 0.1, maxIterations: 200, tolerance: 1e-8));
        yield return ("multinomial", MultinomialLogisticRegression.Fit(rowMajor, columns.Length, classes, 3, l2: 1, maxIterations: 200, tolerance: 1e-8));
        yield return ("ridge", RidgeRegression.Fit(rowMajor, columns.Length, target, l2: 1));

        var bins = FeatureBins.Fit(columns, 255, 2);
        TreeParameters Trees(double rowFraction) => new(Trees: 15, Leaves: 15, LearningRate: 0.1, MaxBins: 255, MinLeafRows: 20, L2: 1,
            FeatureFraction: 0.8, RowFraction: rowFraction, EarlyStoppingRounds: 0, Threads: 2, Seed: 7);
        yield return ("trees-binary", GradientBoosting.Train(bins, binary, BoostingObjective.LogLoss, Trees(1)));
        yield return ("trees-binary-sampled", GradientBoosting.Train(bins, binary, BoostingObjective.LogLoss, Trees(0.7)));
        yield return ("trees-multiclass", GradientBoosting.Train(bins, classes, BoostingObjective.Softmax, Trees(1), classes: 3));
        yield return ("trees-regression", GradientBoosting.Train(bins, target, BoostingObjective.SquaredError, Trees(0.7)));

        // Gate bootstrap: two models' scores, continuous (no ties) and rounded (ties), 70 resamples (not a multiple of 16).
        var better = columns[0].Select((v, r) => 1 / (1 + Math.Exp(-(v + columns[1][r])))).ToArray();
        var worse = columns[2].Select((v, r) => 1 / (1 + Math.Exp(-(0.5 * v + columns[1][r])))).ToArray();
        var rounded = worse.Select(p => Math.Round(p, 2)).ToArray();
        foreach (var metric in new[] { "auc", "log_loss", "brier", "accuracy", "f1", "average_precision" })
        {
            yield return ($"bootstrap-{metric}", PairedBootstrap.Run(PairedMetric.For(ModelTask.BinaryClassification, metric, binary, better, worse)!, binary.Length, 70, seed: 42));
            yield return ($"bootstrap-{metric}-ties", PairedBootstrap.Run(PairedMetric.For(ModelTask.BinaryClassification, metric, binary, better, rounded)!, binary.Length, 70, seed: 42));
        }
    }

    private static (double[][] Columns, double[] Binary, double[] Classes, double[] Target) Data(int rows, int width)
    {
        var random = new Random(11);
        var columns = Enumerable.Range(0, width).Select(_ => Enumerable.Range(0, rows).Select(_ => random.NextDouble() * 4 - 2).ToArray()).ToArray();
        var signal = Enumerable.Range(0, rows).Select(r => columns.Select((c, j) => c[r] * (j % 3 - 1 + 0.25 * j)).Sum() + random.NextDouble() * 3 - 1.5).ToArray();
        return (columns,
            signal.Select(s => s > 0 ? 1.0 : 0.0).ToArray(),
            signal.Select(s => s < -1 ? 0.0 : s < 1 ? 1.0 : 2.0).ToArray(),
            signal);
    }

    private static string Hash(object result) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(result, result.GetType(), Exact))))[..16];
}
