using BenchmarkDotNet.Attributes;
using MLOps.Runtime;
using MLOps.Runtime.Monitoring;

namespace MLOps.Benchmarks;

/// <summary>
/// What the prediction log costs the scoring thread, on the batch scoring benchmark's model (100 trees, 28 inputs):
/// one row at a time with monitoring off (must allocate nothing) and the batch scorer from rows with the log off, at
/// 10% and at 100% sampling. <c>dotnet run -c Release --project benchmarks/MLOps.Benchmarks -- --filter '*Monitoring*'</c>.
/// </summary>
[Config(typeof(BatchScoringBenchmark.InstructionSetJobs))]
[MemoryDiagnoser]
public class MonitoringBenchmark
{
    private const int Rows = 16_384;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "mlops-monitoring-benchmark-" + Guid.NewGuid().ToString("N")[..8]);
    private Model _model = null!;
    private ModelRow[] _rows = [];
    private double[] _scores = [];
    private MonitoredModel _off = null!, _tenth = null!, _all = null!;

    [GlobalSetup]
    public void Setup()
    {
        var batch = new BatchScoringBenchmark();
        batch.Setup();
        _model = batch.Model;
        var random = new Random(7);
        _rows = Enumerable.Range(0, Rows).Select(_ =>
        {
            var row = _model.CreateRow();
            for (var i = 0; i < row.Numbers.Length; i++) row.Numbers[i] = random.NextDouble() * 6 - 3;
            return row;
        }).ToArray();
        _scores = new double[Rows];
        // At most two files of 64 MiB per log, whatever the number of iterations.
        MonitoredModel Log(double rate, string name) =>
            _model.WithPredictionLog(new PredictionLogOptions { Folder = Path.Combine(_folder, name), SampleRate = rate, MaxFiles = 2 });
        (_off, _tenth, _all) = (Log(0, "off"), Log(0.1, "tenth"), Log(1, "all"));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var monitored in new[] { _off, _tenth, _all })
        {
            monitored.DisposeAsync().AsTask().GetAwaiter().GetResult();
            Console.WriteLine($"// {monitored.Log!.WrittenRecords} written, {monitored.Log.DroppedRecords} dropped");
        }
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark(OperationsPerInvoke = Rows)]
    public double ScoreRowByRow_Plain()
    {
        var sum = 0.0;
        foreach (var row in _rows) sum += _model.Score(row);
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Rows)]
    public double ScoreRowByRow_LogOff()
    {
        var sum = 0.0;
        foreach (var row in _rows) sum += _off.Score(row);
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Rows, Baseline = true)]
    public void ScoreBatch_LogOff() => _off.ScoreBatch(_rows, _scores);

    [Benchmark(OperationsPerInvoke = Rows)]
    public void ScoreBatch_Log10Percent() => _tenth.ScoreBatch(_rows, _scores);

    [Benchmark(OperationsPerInvoke = Rows)]
    public void ScoreBatch_LogEveryRow() => _all.ScoreBatch(_rows, _scores);
}
