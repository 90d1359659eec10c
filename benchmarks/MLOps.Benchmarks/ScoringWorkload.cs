using System.Diagnostics;
using MLOps.Runtime;

namespace MLOps.Benchmarks;

/// <summary>
/// Batch scoring of a saved model (the <c>trees</c> workload writes one) on a CSV's rows, one thread: the median of
/// several passes, in M rows/s, and a checksum of the scores, which must not depend on the instruction set.
/// </summary>
public static class ScoringWorkload
{
    public static void Run(string modelPath, string data, int passes)
    {
        Console.WriteLine(InstructionSets.Header);
        var model = Model.Load(Path.GetFullPath(modelPath));
        var (columns, labels) = TreesWorkload.Load(data);
        var width = columns.Count;
        var matrix = new double[labels.Length * width];
        for (var r = 0; r < labels.Length; r++)
            for (var f = 0; f < width; f++) matrix[r * width + f] = columns[f][r];
        var scores = new double[labels.Length];
        model.ScoreFeaturesBatch(matrix, scores); // warm up
        // Processor time as well as wall time: on a machine shared with other builds the wall clock counts their turns too.
        var (seconds, cpu) = (new double[passes], new double[passes]);
        var process = Process.GetCurrentProcess();
        for (var p = 0; p < passes; p++)
        {
            process.Refresh();
            var cpuStart = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            model.ScoreFeaturesBatch(matrix, scores);
            seconds[p] = clock.Elapsed.TotalSeconds;
            process.Refresh();
            cpu[p] = (process.TotalProcessorTime - cpuStart).TotalSeconds;
        }
        Array.Sort(seconds);
        Array.Sort(cpu);
        var bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(scores.AsSpan());
        Console.WriteLine($"MLOps.Build batch scoring, {model.Document.Predictor.Trees?.Count} trees: {labels.Length / seconds[passes / 2] / 1e6:0.00} M rows/s " +
            $"(median of {passes}; best {labels.Length / seconds[0] / 1e6:0.00}; by processor time {labels.Length / cpu[passes / 2] / 1e6:0.00}), one thread; scores SHA-256 {Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(bytes))[..16]}");
    }
}
