using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace MLOps.Runtime;

/// <summary>For the batch scorers: asks for the next block's rows while this block's trees run, so its ranking reads from cache.</summary>
internal static class RowPrefetch
{
    /// <summary>Prefetches the cache lines of the first <paramref name="values"/> values of <paramref name="next"/> (no-op without SSE).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Next(ReadOnlySpan<double> next, int values)
    {
        if (!Sse.IsSupported) return;
        fixed (double* start = next)
        {
            var bytes = Math.Min(next.Length, values) * sizeof(double);
            for (var offset = 0; offset < bytes; offset += 64) Sse.Prefetch0((byte*)start + offset);
        }
    }
}
