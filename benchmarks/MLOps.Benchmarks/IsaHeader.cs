using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MLOps.Benchmarks;

/// <summary>Which vector paths this process takes, for the first line of a benchmark (DOTNET_EnableAVX512=0 emulates an AVX2-only runner).</summary>
public static class IsaHeader
{
    public static string Line() =>
        $"Vector512.IsHardwareAccelerated={Vector512.IsHardwareAccelerated}, Avx512F.IsSupported={Avx512F.IsSupported}, " +
        $"Avx2.IsSupported={Avx2.IsSupported}, Vector256.IsHardwareAccelerated={Vector256.IsHardwareAccelerated}, {Environment.ProcessorCount} cores, " +
        $"load average {LoadAverage()}";

    private static string LoadAverage()
    {
        try { return string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)); }
        catch (IOException) { return "unknown"; }
        catch (UnauthorizedAccessException) { return "unknown"; }
    }
}
