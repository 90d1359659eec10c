using System.Diagnostics;
using MLOps.Engine.Data;
using MLOps.Engine.Diagnostics;
using MLOps.Engine.Features;
using MLOps.Engine.Learners;
using MLOps.Engine.Metrics;
using MLOps.Runtime;

namespace MLOps.Benchmarks;

/// <summary>Logistic regression on the 800,000 × 28 rows (written by eng/benchmarks/linear_peer.py), timed apart from reading.</summary>
public static class LinearWorkload
{
    public static void Run(string train, string test, params string[] args)
    {
        Console.WriteLine(IsaHeader.Line());
        var clock = Stopwatch.StartNew();
        var trainTable = Load(train);
        var testTable = Load(test);
        var read = clock.Elapsed.TotalSeconds;
        var inputs = FeaturePlan.Fit(trainTable, new HashSet<string> { "label" });
        var model = Untrained(inputs);
        var x = TableRows.Columns(trainTable, model);
        var y = trainTable.Find("label")!.Numbers!;

        clock.Restart();
        var fit = LogisticRegression.Fit(x, y, l2: 1.0, maxIterations: 1000, tolerance: args.Length > 0 ? double.Parse(args[0]) : 1e-6);
        var seconds = clock.Elapsed.TotalSeconds;

        var trained = new Model(model.Document with { Predictor = model.Document.Predictor with { Intercept = fit.Intercept, Weights = fit.Weights } });
        var testX = TableRows.Matrix(testTable, trained);
        var scores = Enumerable.Range(0, testTable.RowCount).Select(r => trained.ScoreFeatures(testX.AsSpan(r * trained.FeatureCount, trained.FeatureCount))).ToArray();
        var labels = testTable.Find("label")!.Numbers!;
        Console.WriteLine($"MLOps.Build L-BFGS:  {seconds:0.00} s, {fit.Solver.Iterations} iterations, test log_loss {BinaryMetrics.LogLoss(labels, scores):0.000000}, auc {BinaryMetrics.Auc(labels, scores):0.0000} (reading both files: {read:0.0} s)");
    }

    private static DataTable Load(string path)
    {
        var diagnostics = new DiagnosticBag();
        var files = new[] { new DataFile(Path.GetFullPath(path), path) };
        var types = TypeInference.Infer(files, diagnostics)!;
        return TableLoader.Load(files, new LoadOptions(types, new HashSet<string>()), diagnostics) ?? throw new InvalidDataException(string.Join("\n", diagnostics.Items));
    }

    private static Model Untrained(IReadOnlyList<InputSpec> inputs) => new(new ModelDocument
    {
        Format = ModelFormat.FormatName, FormatVersion = ModelFormat.CurrentVersion, Name = "bench", Task = "BinaryClassification",
        Label = new LabelSpec("label", InputTypes.Number, ["0", "1"]), Inputs = inputs,
        Predictor = new PredictorSpec("linear", "logit", 0, new double[new Featurizer(inputs).FeatureCount]),
        Training = new TrainingInfo("LogisticRegression", new Dictionary<string, string>(), 0, "bench", "", 0),
    });
}
