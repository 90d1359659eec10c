using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace MLOps.Engine.Learners.Trees;

/// <summary>
/// The bins again, row by row: each row's bins of every feature in one 32- or 64-byte slot aligned to a cache line. A
/// leaf holding a small share of the rows reads its rows scattered through the data: by columns that touches a cache line
/// per row and feature, or every line of every column once the rows are dense enough to fill them; by rows it touches one
/// line per row, fetched a few rows ahead. Built only for up to 64 features (wider rows would cost more memory than they
/// save time).
/// </summary>
internal sealed unsafe class RowMajorBins
{
    private const int Ahead = 16; // rows fetched ahead: enough misses in flight to hide the memory's latency
    private readonly byte[] _slots; // pinned, so that a cache-line-aligned offset stays aligned
    private readonly int _offset, _stride, _features;

    private RowMajorBins(FeatureBins data, int stride, Workers workers)
    {
        _features = data.Features;
        _stride = stride;
        _slots = GC.AllocateUninitializedArray<byte>(data.Rows * _stride + 64, pinned: true);
        fixed (byte* start = _slots) _offset = (int)((64 - (nint)start % 64) % 64);
        const int block = 1 << 14;
        workers.For(0, (data.Rows + block - 1) / block, b =>
        {
            var end = Math.Min(data.Rows, (b + 1) * block);
            for (var f = 0; f < _features; f++)
            {
                var column = data.Bins[f];
                for (var r = b * block; r < end; r++) _slots[_offset + (nint)r * _stride + f] = column[r];
            }
        });
    }

    /// <summary>
    /// The rows of <paramref name="data"/> as slots, or null when its rows are too wide or too many for one array (the
    /// leaves are then read by columns only).
    /// </summary>
    public static RowMajorBins? For(FeatureBins data, Workers workers)
    {
        var stride = data.Features <= 32 ? 32 : 64;
        return data.Features <= 64 && (long)data.Rows * stride + 64 <= Array.MaxLength ? new RowMajorBins(data, stride, workers) : null;
    }

    /// <summary>Adds each of <paramref name="rows"/>' packed sums (in <paramref name="pairs"/>, same order) to every feature's histogram of 256 entries.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void AddRows(ReadOnlySpan<int> rows, ReadOnlySpan<long> pairs, Span<long> histogram)
    {
        fixed (byte* start = _slots)
        fixed (int* rowList = rows)
        fixed (long* sums = pairs, bins = histogram)
        {
            var slots = start + _offset;
            var count = rows.Length;
            for (var i = 0; i < count; i++)
            {
                if (Sse.IsSupported && i + Ahead < count) Sse.Prefetch0(slots + (nint)(uint)rowList[i + Ahead] * _stride);
                var slot = slots + (nint)(uint)rowList[i] * _stride;
                var pair = sums[i];
                var bin = bins;
                var f = 0;
                for (; f + 4 <= _features; f += 4, bin += 4 * 256)
                {
                    bin[slot[f]] += pair;
                    bin[256 + slot[f + 1]] += pair;
                    bin[512 + slot[f + 2]] += pair;
                    bin[768 + slot[f + 3]] += pair;
                }
                for (; f < _features; f++, bin += 256) bin[slot[f]] += pair;
            }
        }
    }
}
