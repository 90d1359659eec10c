using MLOps.Engine.Data;
using MLOps.Engine.Diagnostics;
using MLOps.Engine.Monitoring;
using MLOps.Engine.Pipeline;
using MLOps.Engine.Registry;
using MLOps.Runtime;
using MLOps.Runtime.Monitoring;
using Xunit;

namespace MLOps.Engine.Tests;

/// <summary>A trained churn model, its reference profile on the test file, and the drifted file as current data.</summary>
public sealed class TrainedChurnModel : IDisposable
{
    public string Folder { get; } = Path.Combine(Path.GetTempPath(), $"mlops-monitor-{Guid.NewGuid():N}");
    public Model Model { get; }
    public ScoringProfile Reference { get; }

    public TrainedChurnModel()
    {
        Directory.CreateDirectory(Folder);
        string Out(string extension) => Path.Combine(Folder, "Churn" + extension);
        var spec = new ModelSpec
        {
            Name = "Churn", ProjectFile = "Churn.mlproj", LabelColumn = "churned",
            TrainingData = [Fixtures.File("churn_train.csv")], EvaluationData = [Fixtures.File("churn_test.csv")],
            ExcludeColumns = ["customer_id"],
            Outputs = new ModelOutputs(Out(".model.json"), Out(".metrics.json"), Out(".report.md"), Out(".fingerprint.json"), Out(".gate.json"), Out(".report.html")),
        };
        var fingerprint = Fingerprint.Compute(spec);
        var train = ModelBuild.Train(spec, fingerprint);
        Assert.True(train.Succeeded, string.Join("\n", train.Diagnostics));
        var evaluate = ModelBuild.Evaluate(spec, fingerprint);
        Assert.True(evaluate.Succeeded, string.Join("\n", evaluate.Diagnostics));
        Model = Model.Load(Out(".model.json"));
        // The reference profile as the build writes it beside the model (and packs it).
        Reference = ProfileFormat.Read(spec.Outputs.ProfilePath);
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}

/// <summary>The monitoring step as the CLI and the MonitorModel target run it, on real files.</summary>
public sealed class MonitoringServiceTests(TrainedChurnModel churn) : IClassFixture<TrainedChurnModel>
{
    private MonitorResult Run(CurrentRequest request, DiagnosticBag diagnostics) =>
        MonitorService.Run(new MonitorInputs(churn.Reference, churn.Model, request, new MonitorSettings()), diagnostics)
        ?? throw new Xunit.Sdk.XunitException(string.Join("\n", diagnostics.Items));

    [Fact]
    public void The_evaluation_data_itself_is_healthy_and_its_estimate_matches_the_package()
    {
        var result = Run(new CurrentRequest([Fixtures.File("churn_test.csv")], null, null), new DiagnosticBag());

        Assert.Equal(MonitorVerdict.Healthy, result.Verdict);
        Assert.All(result.Drift, d => Assert.Equal(0, d.Statistic, 12));
        var auc = Assert.Single(result.Estimate.Metrics, m => m.Metric == "auc");
        Assert.InRange(auc.Reference!.Value, auc.Lower, auc.Upper);
    }

    [Fact]
    public void Drifted_data_is_flagged_with_warnings_naming_the_columns()
    {
        var diagnostics = new DiagnosticBag();
        var result = Run(new CurrentRequest([Fixtures.File("churn_current_drifted.csv")], null, null), diagnostics);
        MonitorService.Report(result, diagnostics, "Churn.mlproj");

        Assert.NotEqual(MonitorVerdict.Healthy, result.Verdict);
        Assert.Contains(result.Drifted, d => d.Column == "tenure_months");
        Assert.Contains(diagnostics.Items, d => d.Code == DiagnosticCodes.MonitorDrift && d.Severity == Severity.Warning && d.Message.Contains("tenure_months"));
    }

    [Fact]
    public void Labels_join_by_key_and_chunks_split_by_rows()
    {
        var labels = Path.Combine(churn.Folder, "outcomes.csv");
        File.WriteAllLines(labels, File.ReadLines(Fixtures.Path("churn_current_drifted.csv")).Select(l => l.Split(',')).Select(f => $"{f[0]},{f[^1]}"));

        var result = Run(new CurrentRequest([Fixtures.File("churn_current_drifted.csv")], new ChunkBy(1000, null),
            new LabelJoin(new DataFile(labels, "outcomes.csv"), "customer_id")), new DiagnosticBag());

        Assert.Equal(4, result.Chunks.Count);
        Assert.All(result.Chunks, c => Assert.NotNull(c.Realized));
        Assert.Contains(result.Realized!, m => m.Metric == "auc" && m.Test is not null);
    }

    [Fact]
    public void Csv_data_read_in_blocks_gives_the_result_of_one_block_whatever_the_chunks()
    {
        // Two files, one with a time column whose days run out of order, so chunks span blocks and files.
        var timed = Path.Combine(churn.Folder, "timed.csv");
        File.WriteAllLines(timed, File.ReadLines(Fixtures.Path("churn_current_drifted.csv"))
            .Select((l, i) => i == 0 ? l + ",time" : $"{l},2026-11-{1 + (i / 700 + i % 3) % 4:00}T08:00:00Z"));
        var labels = Path.Combine(churn.Folder, "block-outcomes.csv");
        File.WriteAllLines(labels, File.ReadLines(Fixtures.Path("churn_current_drifted.csv")).Select(l => l.Split(',')).Select(f => $"{f[0]},{f[^1]}"));
        var join = new LabelJoin(new DataFile(labels, "outcomes.csv"), "customer_id");
        foreach (var (files, chunk) in new (DataFile[], ChunkBy?)[]
        {
            ([Fixtures.File("churn_test.csv"), Fixtures.File("churn_current_drifted.csv")], null),
            ([Fixtures.File("churn_test.csv"), Fixtures.File("churn_current_drifted.csv")], new ChunkBy(1500, null)),
            ([new DataFile(timed, "timed.csv")], new ChunkBy(null, TimeSpan.FromDays(1))),
        })
        {
            var whole = Run(new CurrentRequest(files, chunk, join), new DiagnosticBag());
            var blocks = Run(new CurrentRequest(files, chunk, join) { BlockRows = 333 }, new DiagnosticBag());

            Assert.Equal(MonitorJson.Render(whole), MonitorJson.Render(blocks));
            Assert.Equal(chunk is null ? 0 : chunk.Rows is null ? 4 : 6, blocks.Chunks.Count);
        }
    }

    [Fact]
    public void Profiles_of_scored_rows_are_chunks_and_cannot_take_labels()
    {
        var profiles = Path.Combine(churn.Folder, "profiles");
        Directory.CreateDirectory(profiles);
        foreach (var (file, name) in new[] { ("churn_test.csv", "a"), ("churn_current_drifted.csv", "b") })
        {
            var builder = new ProfileBuilder(churn.Reference);
            var features = new double[churn.Model.FeatureCount];
            BatchScoring.ForEachRow(churn.Model, Fixtures.File(file), new DiagnosticBag(), (row, _) => builder.Add(row, churn.Model.Score(row, features)));
            ProfileFormat.Write(builder.ToProfile(), Path.Combine(profiles, $"{name}.profile.json"));
        }

        var result = Run(new CurrentRequest([new DataFile(profiles, "profiles")], null, null), new DiagnosticBag());
        var withLabels = new DiagnosticBag();
        MonitorService.Run(new MonitorInputs(churn.Reference, churn.Model,
            new CurrentRequest([new DataFile(profiles, "profiles")], null, new LabelJoin(Fixtures.File("churn_test.csv"), "customer_id")), new MonitorSettings()), withLabels);

        Assert.Equal(["a.profile.json", "b.profile.json"], result.Chunks.Select(c => c.Label).ToArray());
        Assert.Equal(8000, result.CurrentRows);
        Assert.Contains(withLabels.Items, d => d.Code == DiagnosticCodes.MonitorLabelsNeedRows);
    }

    [Fact]
    public async Task An_app_scores_with_logging_on_and_monitoring_reads_the_log_with_labels_by_day()
    {
        var log = Path.Combine(churn.Folder, "log");
        var day = new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);
        var clock = new SteppingClock(day);
        await using (var app = churn.Model.WithPredictionLog(new PredictionLogOptions { Folder = log, Clock = clock }))
        {
            foreach (var file in new[] { "churn_test.csv", "churn_current_drifted.csv" })
            {
                BatchScoring.ForEachRow(churn.Model, Fixtures.File(file), new DiagnosticBag(), (row, fields) => app.Score(row, fields[0]));
                clock.Now = clock.Now.AddDays(1); // the drifted rows come the next day
            }
        }
        var labels = Path.Combine(churn.Folder, "log-outcomes.csv");
        File.WriteAllLines(labels, File.ReadLines(Fixtures.Path("churn_test.csv")).Concat(File.ReadLines(Fixtures.Path("churn_current_drifted.csv")).Skip(1))
            .Select(l => l.Split(',')).Select(f => $"{f[0]},{f[^1]}"));

        var result = Run(new CurrentRequest([new DataFile(log, "log")], new ChunkBy(null, TimeSpan.FromDays(1)),
            new LabelJoin(new DataFile(labels, "outcomes.csv"), "customer_id")), new DiagnosticBag());

        Assert.Equal(["2026-11-30", "2026-12-01"], result.Chunks.Select(c => c.Label).ToArray());
        Assert.Equal(8000, result.CurrentRows);
        Assert.All(result.Chunks, c => Assert.NotNull(c.Realized));
        Assert.Equal(0, result.Chunks[0].DriftedChecks);
        Assert.NotEqual(0, result.Chunks[1].DriftedChecks);
    }

    private sealed class SteppingClock(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public void Reports_are_written_whole_into_the_output_folder()
    {
        var result = Run(new CurrentRequest([Fixtures.File("churn_current_drifted.csv")], null, null), new DiagnosticBag());
        var folder = Path.Combine(churn.Folder, "reports");

        var files = MonitorService.WriteReports(result, folder);

        Assert.Equal(["monitor.md", "monitor.html", "monitor.json"], files.Select(f => Path.GetFileName(f)).ToArray());
        Assert.StartsWith("# Monitoring Churn", File.ReadAllText(files[0]));
    }
}
