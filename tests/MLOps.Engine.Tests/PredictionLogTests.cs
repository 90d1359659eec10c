using MLOps.Runtime;
using MLOps.Runtime.Monitoring;
using Xunit;

namespace MLOps.Engine.Tests;

/// <summary>What an app gets from the prediction log: sampled records in rotated files, and scoring that never waits for the disk.</summary>
public sealed class PredictionLogTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "mlops-log-" + Guid.NewGuid().ToString("N"));
    private static readonly Model Churn = ScoringProfileTests.Churn;

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    /// <summary>A log of 10 places whose writer waits for <paramref name="release"/> before its first write.</summary>
    private MonitoredModel StalledLog(ManualResetEventSlim release) => Churn.WithPredictionLog(new PredictionLogOptions
    {
        Folder = _folder, QueueCapacity = 10,
        OpenFile = path => new StallingStream(File.Create(path), release),
    });

    private static ModelRow Row(int i) => Churn.CreateRow().Set("tenure_months", i).Set("senior", i % 2 == 0).Set("contract", i % 3 == 0 ? "one-year" : "weekly");

    [Fact]
    public async Task Every_scored_row_is_logged_with_its_inputs_score_and_key()
    {
        var monitored = Churn.WithPredictionLog(new PredictionLogOptions { Folder = _folder, Version = "1.4.0", CorrelationKey = r => $"k{r.Numbers[0]}" });
        var scores = Enumerable.Range(0, 50).Select(i => monitored.Score(Row(i), i == 7 ? "explicit" : null)).ToArray();
        await monitored.DisposeAsync();

        var records = PredictionLogFormat.Read(_folder).ToArray();
        Assert.Equal(50, records.Length);
        Assert.Equal(scores, records.Select(r => r.Score!.Value));
        Assert.Equal(scores, Enumerable.Range(0, 50).Select(i => Churn.Score(Row(i)))); // the model's scores, bit for bit
        Assert.Equal("explicit", records[7].Key);
        Assert.Equal("k8", records[8].Key);
        Assert.Equal(("Churn", "1.4.0", "f00d"), (records[0].Model, records[0].Version, records[0].Fingerprint));
        var row = Churn.CreateRow();
        records[9].FillRow(row);
        Assert.Equal(Row(9).Numbers, row.Numbers);
        Assert.Equal(0, monitored.Log!.DroppedRecords);
    }

    [Fact]
    public async Task Files_rotate_at_the_size_limit_and_the_oldest_beyond_the_file_limit_are_deleted()
    {
        var monitored = Churn.WithPredictionLog(new PredictionLogOptions { Folder = _folder, MaxFileBytes = 1024, MaxFiles = 3 });
        for (var i = 0; i < 200; i++) monitored.Score(Row(i));
        await monitored.DisposeAsync();

        var files = PredictionLogFormat.Files(_folder);
        Assert.Equal(3, files.Count);
        Assert.All(files, f => Assert.True(new FileInfo(f).Length <= 1024, $"{f} has {new FileInfo(f).Length} bytes"));
        var kept = PredictionLogFormat.Read(_folder).Select(r => (int)(double)r.Inputs["tenure_months"]!).ToArray();
        Assert.Equal(Enumerable.Range(200 - kept.Length, kept.Length), kept); // the newest rows, in order
        Assert.Equal(200, monitored.Log!.WrittenRecords);
    }

    [Fact]
    public async Task A_stalled_writer_drops_and_counts_records_and_scoring_goes_on()
    {
        var release = new ManualResetEventSlim();
        var monitored = StalledLog(release);

        for (var i = 0; i < 1000; i++) monitored.Score(Row(i)); // returns although nothing can be written
        var dropped = monitored.Log!.DroppedRecords;
        release.Set();
        await monitored.DisposeAsync();

        Assert.InRange(dropped, 1000 - 11, 1000 - 10); // the queue's 10, and perhaps one the writer had taken
        Assert.Equal(1000, dropped + monitored.Log.WrittenRecords);
        Assert.Equal(1000 - dropped, PredictionLogFormat.Read(_folder).Count());
    }

    [Fact]
    public async Task A_batch_larger_than_the_queue_logs_what_fits_and_counts_the_rest_as_dropped()
    {
        var release = new ManualResetEventSlim();
        var monitored = StalledLog(release);
        var rows = Enumerable.Range(0, 3000).Select(Row).ToArray();

        monitored.ScoreBatch(rows, new double[rows.Length]); // returns although nothing can be written
        var dropped = monitored.Log!.DroppedRecords;
        release.Set();
        await monitored.DisposeAsync();

        Assert.Equal(3000 - 10, dropped);
        Assert.Equal(10, monitored.Log.WrittenRecords);
        Assert.Equal(Enumerable.Range(0, 10), PredictionLogFormat.Read(_folder).Select(r => (int)(double)r.Inputs["tenure_months"]!));
    }

    [Fact]
    public async Task The_sample_rate_is_the_share_of_rows_logged()
    {
        var monitored = Churn.WithPredictionLog(new PredictionLogOptions { Folder = _folder, SampleRate = 0.1, SamplingSeed = 7 });
        for (var i = 0; i < 20_000; i++) monitored.Score(Row(i));
        await monitored.DisposeAsync();

        // Binomial(20000, 0.1): sd 42; 5 sd either side.
        Assert.InRange(monitored.Log!.WrittenRecords, 2000 - 212, 2000 + 212);
        Assert.Equal(0, monitored.Log.DroppedRecords);
    }

    [Fact]
    public async Task With_logging_off_scoring_allocates_nothing()
    {
        await using var monitored = Churn.WithPredictionLog(new PredictionLogOptions { Folder = _folder, SampleRate = 0 });
        var row = Row(1);
        var sum = Churn.Score(row) + monitored.Score(row); // compiled before counting

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++) sum += Churn.Score(row) + monitored.Score(row);

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(sum > 0);
    }

    [Fact]
    public async Task Flush_writes_what_was_offered_before_it()
    {
        await using var monitored = Churn.WithPredictionLog(new PredictionLogOptions { Folder = _folder });
        for (var i = 0; i < 5; i++) monitored.Score(Row(i));

        await monitored.Log!.FlushAsync();

        using var read = new FileStream(PredictionLogFormat.Files(_folder).Single(), FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        Assert.Equal(5, new StreamReader(read).ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task Batch_scores_are_the_models_and_sampled_rows_are_logged()
    {
        var rows = Enumerable.Range(0, 100).Select(Row).ToArray();
        var scores = new double[100];
        var monitored = Churn.WithPredictionLog(new PredictionLogOptions { Folder = _folder }).WithProfile();
        monitored.ScoreBatch(rows, scores);
        await monitored.DisposeAsync();

        Assert.Equal(rows.Select(Churn.Score), scores);
        Assert.Equal(scores, PredictionLogFormat.Read(_folder).Select(r => r.Score!.Value));
        Assert.Equal(100, monitored.Profile!.Snapshot().Rows); // without a folder it stays in memory
    }

    [Fact]
    public async Task Profiles_saved_by_instances_merge_into_the_profile_of_all_rows()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero));
        var layout = ScoringProfileTests.Layout() with { Kind = ProfileKinds.Reference };
        var options = new ProfileOptions { Reference = layout, Folder = _folder, SaveInterval = TimeSpan.FromMinutes(5), Clock = clock };
        var first = Churn.WithProfile(options);
        var second = Churn.WithProfile(options);
        for (var i = 0; i < 300; i++)
        {
            (i % 2 == 0 ? first : second).Score(Row(i));
            if (i == 150) clock.Advance(TimeSpan.FromMinutes(5)); // both save what they have
        }
        await first.DisposeAsync();
        await second.DisposeAsync();

        var saved = Directory.GetFiles(_folder, "*.profile.json").Select(ProfileFormat.Read).ToArray();
        Assert.Equal(4, saved.Length);
        var merged = ScoringProfile.Merge(saved);
        Assert.Equal(300, merged.Rows);
        Assert.Equal(ProfileKinds.Scored, merged.Kind);
        var direct = new ProfileBuilder(layout);
        for (var i = 0; i < 300; i++) direct.Add(Row(i), Churn.Score(Row(i)), time: merged.FirstScored);
        Assert.Equal(ScoringProfileTests.Counts(direct.ToProfile() with { FirstScored = merged.FirstScored, LastScored = merged.LastScored }), ScoringProfileTests.Counts(merged));
    }

    [Fact]
    public async Task A_multiclass_model_logs_and_profiles_every_class_probability()
    {
        var iris = new Model(new ModelDocument
        {
            Format = ModelFormat.FormatName, FormatVersion = 1, Name = "Iris", Task = "MulticlassClassification",
            Label = new LabelSpec("species", InputTypes.Category, ["setosa", "versicolor", "virginica"]),
            Inputs = [new InputSpec { Name = "petal_length", Type = InputTypes.Number, Center = 0, Scale = 1 }],
            Predictor = new PredictorSpec(PredictorKinds.Linear, Links.Softmax, 0, [-1, 0, 1]) { Intercepts = [2, 0, -2] },
            Training = new TrainingInfo("LogisticRegression", new Dictionary<string, string>(), 1, "0", "beef", 1),
        });
        var monitored = iris.WithPredictionLog(new PredictionLogOptions { Folder = _folder }).WithProfile();
        var probabilities = new double[3];
        foreach (var length in new[] { 0.0, 2, 4 })
            monitored.ScoreClasses(iris.CreateRow().Set("petal_length", length), probabilities);
        await monitored.DisposeAsync();

        var records = PredictionLogFormat.Read(_folder).ToArray();
        Assert.Equal(3, records.Length);
        Assert.Null(records[2].Score);
        Assert.Equal(probabilities, records[2].Probabilities!);
        var profile = monitored.Profile!.Snapshot();
        Assert.Equal([2L, 0L, 1L], profile.Predictions.Classes!.Select(c => c.Predicted)); // setosa, a three-way tie (to the first), virginica
        Assert.All(profile.Predictions.Classes!, c => Assert.Equal(3, c.Histogram.Counts.Sum()));
    }

    /// <summary>A stream whose writes wait until the test lets them through: a disk that has stopped.</summary>
    private sealed class StallingStream(Stream inner, ManualResetEventSlim release) : Stream
    {
        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));
        public override void Write(ReadOnlySpan<byte> buffer)
        {
            release.Wait();
            inner.Write(buffer);
        }
        public override void Flush() => inner.Flush();
        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => inner.Length;
        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
