using System.Diagnostics;
using MLOps.Engine.Data;
using MLOps.Engine.Diagnostics;
using MLOps.Engine.Learners.Trees;
using MLOps.Engine.Metrics;

namespace MLOps.Benchmarks;

/// <summary>
/// Gradient-boosted trees on the 800,000 × 28 rows (eng/benchmarks/trees.sh writes them and runs xgboost):
/// 100 trees, 31 leaves, 255 bins, learning rate 0.1, L2 1, timed apart from reading.
/// </summary>
public static class TreesWorkload
{
    /// <summary>Trains and scores; with <paramref name="modelPath"/>, writes the model there (for the <c>score</c> workload).</summary>
    public static void Run(string train, string test, int threads, string? modelPath = null)
    {
        Console.WriteLine(InstructionSets.Header);
        var (trainColumns, trainLabels) = Load(train);
        var (testColumns, testLabels) = Load(test);
        var parameters = new TreeParameters(Trees: 100, Leaves: 31, LearningRate: 0.1, MaxBins: 255, MinLeafRows: 20, L2: 1,
            FeatureFraction: 1, RowFraction: 1, EarlyStoppingRounds: 0, Threads: threads, Seed: 42);

        var clock = Stopwatch.StartNew();
        var bins = FeatureBins.Fit(trainColumns, parameters.MaxBins, threads);
        var binning = clock.Elapsed.TotalSeconds;
        var model = GradientBoosting.Train(bins, trainLabels, BoostingObjective.LogLoss, parameters);
        var seconds = clock.Elapsed.TotalSeconds;

        var ensemble = new MLOps.Runtime.Model(new MLOps.Runtime.ModelDocument
        {
            Format = MLOps.Runtime.ModelFormat.FormatName, FormatVersion = 1, Name = "bench", Task = "BinaryClassification",
            Label = new MLOps.Runtime.LabelSpec("label", "number", ["0", "1"]),
            Inputs = Enumerable.Range(0, trainColumns.Count).Select(i => new MLOps.Runtime.InputSpec { Name = $"f{i}", Type = "number", Encoding = "raw" }).ToArray(),
            Predictor = new MLOps.Runtime.PredictorSpec("trees", "logit", model.Intercept, []) { Trees = model.Trees },
            Training = new MLOps.Runtime.TrainingInfo("GradientBoostedTrees", new Dictionary<string, string>(), 42, "bench", "", trainLabels.Length),
        });
        var modelBytes = MLOps.Runtime.ModelFormat.ToBytes(ensemble.Document);
        if (modelPath is not null) File.WriteAllBytes(modelPath, modelBytes);
        // The same on every instruction set: compare this line between runs with and without AVX-512.
        Console.WriteLine($"model SHA-256: {Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(modelBytes))[..16]}");
        int Depth(MLOps.Runtime.TreeSpec t, int n) => n < 0 ? 0 : 1 + Math.Max(Depth(t, t.Left[n]), Depth(t, t.Right[n]));
        Console.WriteLine($"tree depth: mean max {model.Trees.Average(t => t.Feature.Count == 0 ? 0 : Depth(t, 0)):0.0}");
        var features = new double[trainColumns.Count];
        var scores = new double[testLabels.Length];
        clock.Restart();
        for (var r = 0; r < scores.Length; r++)
        {
            for (var f = 0; f < features.Length; f++) features[f] = testColumns[f][r];
            scores[r] = ensemble.ScoreFeatures(features);
        }
        var scoring = clock.Elapsed.TotalSeconds;
        var matrix = new double[testLabels.Length * features.Length];
        for (var r = 0; r < testLabels.Length; r++)
            for (var f = 0; f < features.Length; f++) matrix[r * features.Length + f] = testColumns[f][r];
        var batch = new double[testLabels.Length];
        ensemble.ScoreFeaturesBatch(matrix, batch); // warm up
        clock.Restart();
        for (var repeat = 0; repeat < 5; repeat++) ensemble.ScoreFeaturesBatch(matrix, batch);
        var batchSeconds = clock.Elapsed.TotalSeconds / 5;
        if (!batch.SequenceEqual(scores)) throw new InvalidOperationException("Batch scores differ from row-by-row scores.");
        Console.WriteLine($"MLOps.Build GBDT ({threads} threads): {seconds:0.00} s (binning {binning:0.00} s), {model.Trees.Count} trees, test log_loss {BinaryMetrics.LogLoss(testLabels, scores):0.000000}, auc {BinaryMetrics.Auc(testLabels, scores):0.0000}; scoring {scores.Length / scoring / 1e6:0.00} M rows/s row by row, {scores.Length / batchSeconds / 1e6:0.00} M rows/s in batch, one thread");
        // One line per contestant for the side-by-side table trees.sh prints: name, training seconds, test AUC, model bytes.
        Console.WriteLine(FormattableString.Invariant($"race|MLOps.Build GradientBoostedTrees|{seconds:0.00}|{BinaryMetrics.Auc(testLabels, scores):0.0000}|{modelBytes.Length}"));
    }

    internal static (List<double[]> Columns, double[] Labels) Load(string path)
    {
        var diagnostics = new DiagnosticBag();
        var files = new[] { new DataFile(Path.GetFullPath(path), path) };
        var types = TypeInference.Infer(files, diagnostics)!;
        var table = TableLoader.Load(files, new LoadOptions(types, new HashSet<string>()), diagnostics) ?? throw new InvalidDataException(string.Join("\n", diagnostics.Items));
        var columns = table.Columns.Where(c => c.Name != "label").Select(c => c.Numbers!).ToList();
        return (columns, table.Find("label")!.Numbers!);
    }
}
