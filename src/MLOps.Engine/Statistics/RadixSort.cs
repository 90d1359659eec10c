using System.Buffers;

namespace MLOps.Engine.Statistics;

/// <summary>
/// Sorts doubles without NaN in ascending order by their bits (least significant digit first, 11 bits a pass):
/// linear time, several times faster than a comparison sort on the 50,000-value samples drift statistics sort.
/// -0 sorts before +0, which compare equal anyway.
/// </summary>
internal static class RadixSort
{
    private const int DigitBits = 11;
    private const int Buckets = 1 << DigitBits;

    public static void Sort(Span<double> values)
    {
        if (values.Length < 256)
        {
            values.Sort();
            return;
        }
        var rentedKeys = ArrayPool<ulong>.Shared.Rent(values.Length);
        var rentedSpare = ArrayPool<ulong>.Shared.Rent(values.Length);
        var keys = rentedKeys.AsSpan(0, values.Length);
        var spare = rentedSpare.AsSpan(0, values.Length);
        for (var i = 0; i < values.Length; i++)
        {
            var bits = (ulong)BitConverter.DoubleToInt64Bits(values[i]);
            keys[i] = bits ^ (ulong)((long)bits >> 63 | long.MinValue); // negatives: flip every bit; positives: flip the sign
        }
        var counts = new int[Buckets];
        for (var shift = 0; shift < 64; shift += DigitBits)
        {
            Array.Clear(counts);
            foreach (var key in keys) counts[(int)(key >> shift) & (Buckets - 1)]++;
            if (Array.IndexOf(counts, values.Length) >= 0) continue; // every key has the same digit here
            var total = 0;
            for (var b = 0; b < Buckets; b++) (counts[b], total) = (total, total + counts[b]);
            foreach (var key in keys) spare[counts[(int)(key >> shift) & (Buckets - 1)]++] = key;
            var swap = keys;
            keys = spare;
            spare = swap;
        }
        for (var i = 0; i < values.Length; i++)
        {
            var key = keys[i];
            values[i] = BitConverter.Int64BitsToDouble((long)(key ^ (ulong)(~((long)key >> 63) | long.MinValue)));
        }
        ArrayPool<ulong>.Shared.Return(rentedKeys);
        ArrayPool<ulong>.Shared.Return(rentedSpare);
    }
}
