using System.Diagnostics;
using MLOps.Engine.Data;
using MLOps.Engine.Diagnostics;
using MLOps.Engine.Monitoring;
using MLOps.Engine.Pipeline;
using MLOps.Runtime;
using MLOps.Runtime.Monitoring;

namespace MLOps.Benchmarks;

/// <summary>
/// <c>mlops monitor</c>'s work on 1,000,000 × 28 current rows (written by eng/benchmarks/monitor_peer.py): a logistic
/// model trained on the reference rows, its reference profile written by the build's evaluation step, then the whole
/// monitoring step timed: read the CSV, score every row, bin every column, the drift tests, CBPE with its band.
/// </summary>
public static class MonitorWorkload
{
    /// <summary>Times the step; with <paramref name="keep"/>, leaves the model and its profile there (for `mlops monitor` under /usr/bin/time).</summary>
    public static void Run(string reference, string current, int repeats, string? keep = null)
    {
        Console.WriteLine(IsaHeader.Line());
        var folder = keep ?? Path.Combine(Path.GetTempPath(), $"mlops-monitor-bench-{Guid.NewGuid():N}");
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
            if (keep is null) Directory.Delete(folder, recursive: true);
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
        var fingerprint = Fingerprint.Compute(spec);
        foreach (var step in new[] { ModelBuild.Train(spec, fingerprint), ModelBuild.Evaluate(spec, fingerprint) })
            if (!step.Succeeded) throw new InvalidOperationException(string.Join("\n", step.Diagnostics));
        // The reference profile the evaluation step wrote beside the model, as a package carries it.
        return (Model.Load(Out(".model.json")), ProfileFormat.Read(spec.Outputs.ProfilePath));
    }
}
