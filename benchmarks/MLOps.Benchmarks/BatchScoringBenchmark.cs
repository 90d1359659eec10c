using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using MLOps.Engine.Learners.Trees;
using MLOps.Runtime;

namespace MLOps.Benchmarks;

/// <summary>
/// Batch scoring's hot path on a model shaped like the trees benchmark's (100 trees of 31 leaves on 28 features), once as the machine allows and once with AVX-512 off (the AVX2 scorer GitHub's runners
/// take): <c>dotnet run -c Release --project benchmarks/MLOps.Benchmarks -- --filter '*BatchScoring*'</c>.
/// </summary>
[Config(typeof(InstructionSetJobs))]
public class BatchScoringBenchmark
{
    private const int Features = 28, Rows = 65_536;
    private Model _model = null!;
    private double[] _matrix = [], _scores = [];

    internal sealed class InstructionSetJobs : ManualConfig
    {
        public InstructionSetJobs()
        {
            AddJob(Job.Default.WithId("as the machine allows"));
            AddJob(Job.Default.WithId("AVX-512 off").WithEnvironmentVariables(
                new EnvironmentVariable("DOTNET_EnableAVX512", "0"), new EnvironmentVariable("DOTNET_EnableAVX512F", "0")));
            WithBuildTimeout(TimeSpan.FromMinutes(10)); // the default two minutes is too short on a machine shared with other builds
        }
    }

    /// <summary>Trains the model on 100,000 synthetic rows (a noisy label from a few features), then draws rows to score.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        var columns = Enumerable.Range(0, Features).Select(_ => Enumerable.Range(0, 100_000).Select(_ => random.NextDouble() * 6 - 3).ToArray()).ToList();
        var labels = Enumerable.Range(0, 100_000).Select(r => columns[0][r] * columns[1][r] + Math.Sin(columns[2][r]) + random.NextDouble() > 0.5 ? 1.0 : 0.0).ToArray();
        var parameters = new TreeParameters(Trees: 100, Leaves: 31, LearningRate: 0.1, MaxBins: 255, MinLeafRows: 20, L2: 1,
            FeatureFraction: 1, RowFraction: 1, EarlyStoppingRounds: 0, Threads: 1, Seed: 42);
        var trained = GradientBoosting.Train(FeatureBins.Fit(columns, parameters.MaxBins, 1), labels, BoostingObjective.LogLoss, parameters);
        _model = new Model(new ModelDocument
        {
            Format = ModelFormat.FormatName, FormatVersion = 1, Name = "bench", Task = "BinaryClassification",
            Label = new LabelSpec("label", "number", ["0", "1"]),
            Inputs = Enumerable.Range(0, Features).Select(i => new InputSpec { Name = $"f{i}", Type = "number", Encoding = "raw" }).ToArray(),
            Predictor = new PredictorSpec("trees", "logit", trained.Intercept, []) { Trees = trained.Trees },
            Training = new TrainingInfo("GradientBoostedTrees", new Dictionary<string, string>(), 42, "bench", "", labels.Length),
        });
        _matrix = Enumerable.Range(0, Rows * Features).Select(_ => random.NextDouble() * 6 - 3).ToArray();
        _scores = new double[Rows];
    }

    /// <summary>The trained model, for other benchmarks of scoring (after <see cref="Setup"/>).</summary>
    internal Model Model => _model;

    [Benchmark(OperationsPerInvoke = Rows)]
    public void ScoreFeaturesBatch() => _model.ScoreFeaturesBatch(_matrix, _scores);
}
