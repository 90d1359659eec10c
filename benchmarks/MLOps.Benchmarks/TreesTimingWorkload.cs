using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using MLOps.Engine.Learners.Trees;

namespace MLOps.Benchmarks;

/// <summary>
/// GBDT training alone, repeated on data read once (the 800k set of eng/benchmarks/trees.sh): per repetition the wall
/// time, the process's CPU time (the number to compare on a busy machine, where wall time mostly measures the others)
/// and a hash of the trees, which must not change between runs, thread counts or instruction sets.
/// </summary>
public static class TreesTimingWorkload
{
    public static void Run(string train, int repeats, int threads, int trees)
    {
        Console.WriteLine(InstructionSets.Header);
        var (columns, labels) = TreesWorkload.Load(train);
        var parameters = new TreeParameters(Trees: trees, Leaves: 31, LearningRate: 0.1, MaxBins: 255, MinLeafRows: 20, L2: 1,
            FeatureFraction: 1, RowFraction: 1, EarlyStoppingRounds: 0, Threads: threads, Seed: 42);
        var process = Process.GetCurrentProcess();
        for (var repeat = 0; repeat < repeats; repeat++)
        {
            GC.Collect();
            process.Refresh();
            var cpu = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            var bins = FeatureBins.Fit(columns, parameters.MaxBins, threads);
            var binning = clock.Elapsed.TotalSeconds;
            var model = GradientBoosting.Train(bins, labels, BoostingObjective.LogLoss, parameters);
            var wall = clock.Elapsed.TotalSeconds;
            process.Refresh();
            var used = (process.TotalProcessorTime - cpu).TotalSeconds;
            var hash = Convert.ToHexString(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(model.Trees)))[..16];
            Console.WriteLine(FormattableString.Invariant($"run {repeat + 1}: wall {wall:0.00} s (binning {binning:0.00} s), CPU {used:0.00} s, trees {hash}; {Environment.GetEnvironmentVariable("DOTNET_EnableAVX512") ?? "default"} ISA; load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}"));
        }
    }
}
