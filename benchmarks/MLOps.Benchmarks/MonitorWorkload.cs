using System.Diagnostics;
using MLOps.Engine.Data;
using MLOps.Engine.Diagnostics;
using MLOps.Engine.Monitoring;
using MLOps.Engine.Pipeline;
using MLOps.Engine.Registry;
using MLOps.Runtime;
using MLOps.Runtime.Monitoring;

namespace MLOps.Benchmarks;

/// <summary>
/// <c>mlops monitor</c>'s work on 1,000,000 × 28 current rows (written by eng/benchmarks/monitor_peer.py): a logistic
/// model trained on the reference rows, its reference profile built as a package carries it, then the whole
/// monitoring step timed: read the CSV, score every row, bin every column, the drift tests, CBPE with its band.
/// </summary>
public static class MonitorWorkload
{
    public static void Run(string reference, string current, int repeats)
    {
        Console.WriteLine(IsaHeader.Line());
        var folder = Path.Combine(Path.GetTempPath(), $"mlops-monitor-bench-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            var (model, profile) = Prepare(reference, folder);
            var request = new CurrentRequest([new DataFile(Path.GetFullPath(current), current)], null, null);
            var best = double.MaxValue;
            MonitorResult? result = null;
            for (var r = 0; r < repeats; r++)
            {
                var clock = Stopwatch.StartNew();
                var diagnostics = new DiagnosticBag();
                result = MonitorService.Run(new MonitorInputs(profile, model, request, new MonitorSettings()), diagnostics)
                    ?? throw new InvalidOperationException(string.Join("\n", diagnostics.Items));
                best = Math.Min(best, clock.Elapsed.TotalSeconds);
            }
            var auc = result!.Estimate.Metrics.First(m => m.Metric == "auc");
            Console.WriteLine($"{"MLOps.Build monitor (read, score, bin, test, CBPE)",-55} {best,6:0.00} s  (best of {repeats}; {result.CurrentRows:N0} rows x {result.Drift.Count(d => d.Aspect == DriftAspect.Distribution)} checks)");
            Console.WriteLine($"verdict {result.Verdict}; drifted: {string.Join(", ", result.Drifted.Select(MonitorText.Name))}; estimated AUC {auc.Estimate:0.0000} ({auc.Lower:0.0000}-{auc.Upper:0.0000}) vs {auc.Reference:0.0000}");
            Console.WriteLine($"peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:0} MB");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static (Model, ScoringProfile) Prepare(string reference, string folder)
    {
        string Out(string extension) => Path.Combine(folder, "Bench" + extension);
        var data = new DataFile(Path.GetFullPath(reference), reference);
        var spec = new ModelSpec
        {
            Name = "Bench", ProjectFile = "Bench.mlproj", LabelColumn = "label", Trainer = "LogisticRegression",
            TrainingData = [data], EvaluationData = [data],
            Outputs = new ModelOutputs(Out(".model.json"), Out(".metrics.json"), Out(".report.md"), Out(".fingerprint.json"), Out(".gate.json"), Out(".report.html")),
        };
        var train = ModelBuild.Train(spec, Fingerprint.Compute(spec));
        if (!train.Succeeded) throw new InvalidOperationException(string.Join("\n", train.Diagnostics));
        var model = Model.Load(Out(".model.json"));
        var numbers = model.Inputs.Select(_ => new List<double>()).ToArray();
        var rows = new List<(double[] Numbers, string?[] Categories, double Score, int Label)>();
        var features = new double[model.FeatureCount];
        BatchScoring.ForEachRow(model, data, new DiagnosticBag(), (row, fields) =>
        {
            for (var i = 0; i < numbers.Length; i++) numbers[i].Add(row.Numbers[i]);
            rows.Add(((double[])row.Numbers.Clone(), (string?[])row.Categories.Clone(), model.Score(row, features), fields[fields.IndexOf("label")] == model.Document.Label.Classes[1] ? 1 : 0));
        });
        var layout = ProfileLayout.Create(model.Document, ProfileKinds.Reference, i => ProfileEdges.Quantiles(numbers[i].Order().ToArray()), _ => [], []);
        var builder = new ProfileBuilder(layout, ProfileKinds.Reference);
        foreach (var (n, c, score, label) in rows) builder.Add(n, c, [score], label);
        var metrics = Engine.Metrics.MetricCatalog.Compute(Engine.Vocabulary.ModelTask.BinaryClassification, rows.Select(r => (double)r.Label).ToArray(), rows.Select(r => r.Score).ToArray());
        return (model, builder.ToProfile() with { Metrics = metrics.ToDictionary(m => m.Key, m => (double?)m.Value) });
    }
}
