using System.Globalization;
using MLOps.Engine.Diagnostics;
using MLOps.Engine.Monitoring;
using MLOps.Engine.Pipeline;
using MLOps.Engine.Registry;
using MLOps.Engine.Vocabulary;
using MLOps.Runtime;
using MLOps.Runtime.Monitoring;
using Xunit;

namespace MLOps.Engine.Tests;

/// <summary>
/// The monitoring step on a trained 3-class model (wine.csv), as the CLI and the MonitorModel target run it: the
/// reference profile the build writes, the current rows as CSV and as the runtime's prediction log.
/// </summary>
public sealed class MonitoringMulticlassServiceTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"mlops-monitor-mc-{Guid.NewGuid():N}");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task A_multiclass_package_is_estimated_from_CSV_rows_and_from_its_prediction_log_alike()
    {
        Directory.CreateDirectory(_folder);
        string Out(string extension) => Path.Combine(_folder, "Wine" + extension);
        var spec = new ModelSpec
        {
            Name = "Wine", ProjectFile = "Wine.mlproj", LabelColumn = "cultivar", Task = ModelTask.MulticlassClassification.Name(),
            TrainingData = [Fixtures.File("wine.csv")], EvaluationData = [Fixtures.File("wine.csv")],
            Outputs = new ModelOutputs(Out(".model.json"), Out(".metrics.json"), Out(".report.md"), Out(".fingerprint.json"), Out(".gate.json"), Out(".report.html")),
        };
        var fingerprint = Fingerprint.Compute(spec);
        foreach (var step in new[] { ModelBuild.Train(spec, fingerprint), ModelBuild.Evaluate(spec, fingerprint) })
            Assert.True(step.Succeeded, string.Join("\n", step.Diagnostics));
        var model = Model.Load(spec.Outputs.ModelPath);
        var profile = ProfileFormat.Read(spec.Outputs.ProfilePath);
        // The reference profile carries each class's calibration table with its bins' score sums.
        Assert.All(profile.Predictions.Classes!, k => Assert.Equal(k.Histogram.Counts.Count, k.ScoreSums!.Count));

        var fromCsv = Run(profile, model, new CurrentRequest([Fixtures.File("wine.csv")], new ChunkBy(60, null), null));

        Assert.Null(fromCsv.Estimate.NotPossible);
        Assert.Equal(["macro_auc_ovr", "accuracy"], fromCsv.Estimate.Metrics.Select(m => m.Metric).ToArray());
        var accuracy = fromCsv.Estimate.Metrics.Single(m => m.Metric == "accuracy");
        // The evaluation rows themselves: the estimate is the package's accuracy, near enough.
        Assert.InRange(accuracy.Estimate, accuracy.Reference!.Value - 0.05, accuracy.Reference.Value + 0.05);
        Assert.InRange(accuracy.Estimate, accuracy.Lower, accuracy.Upper);
        Assert.Equal(3, fromCsv.Chunks.Count);
        Assert.All(fromCsv.Chunks, c => Assert.Equal("accuracy", c.Metric));
        Assert.All(fromCsv.Chunks, c => Assert.NotNull(c.Estimate));
        Assert.Contains("| macro_auc_ovr |", MonitorMarkdown.Render(fromCsv));

        // The same rows scored by an app with prediction logging on.
        var log = Path.Combine(_folder, "log");
        var lines = File.ReadAllLines(Fixtures.Path("wine.csv"));
        var header = lines[0].Split(',');
        await using (var monitored = model.WithPredictionLog(new PredictionLogOptions { Folder = log, SampleRate = 1 }))
        {
            var row = model.CreateRow();
            var probabilities = new double[model.ClassCount];
            foreach (var line in lines.Skip(1))
            {
                row.Clear();
                var fields = line.Split(',');
                for (var c = 0; c < header.Length; c++)
                    if (row.IndexOf(header[c]) >= 0) row.Set(header[c], double.Parse(fields[c], CultureInfo.InvariantCulture));
                monitored.ScoreClasses(row, probabilities);
            }
        }

        var fromLog = Run(profile, model, new CurrentRequest([new Data.DataFile(log, "log")], null, null));

        Assert.Equal(fromCsv.CurrentRows, fromLog.CurrentRows);
        foreach (var (csv, logged) in fromCsv.Estimate.Metrics.Zip(fromLog.Estimate.Metrics))
        {
            Assert.Equal(csv.Metric, logged.Metric);
            Assert.Equal(csv.Estimate, logged.Estimate, 9);
        }
    }

    private static MonitorResult Run(ScoringProfile profile, Model model, CurrentRequest request)
    {
        var diagnostics = new DiagnosticBag();
        return MonitorService.Run(new MonitorInputs(profile, model, request, new MonitorSettings { Resamples = 100 }), diagnostics)
            ?? throw new Xunit.Sdk.XunitException(string.Join("\n", diagnostics.Items));
    }
}
