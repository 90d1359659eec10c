using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MLOps.Engine.Data;

/// <summary>
/// Exact fast path for the plain decimals data files are made of (<c>-12.5</c>, <c>3e-4</c>): when the digits fit in
/// 2⁵³ and the power of ten is at most 22, one multiplication or division of two exactly representable doubles is
/// correctly rounded (Clinger, 1990). Anything else returns false and goes to the full parser.
/// </summary>
internal static class FastNumber
{
    /// <summary>Bytes <see cref="TryParsePadded"/> may read past a field's start; a buffer handed to it keeps this many readable.</summary>
    public const int Padding = 17;

    private static readonly double[] PowersOfTen =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

    // Shuffle controls that drop the decimal point and right-align the digits of a field of Length bytes (sign
    // excluded) whose point is at Dot (Dot == Length: none): entry Dot * 17 + Length. 0x80 makes a zero byte.
    private static readonly Vector128<byte>[] AlignDigits = BuildAlignDigits();

    public static bool TryParse(ReadOnlySpan<byte> text, out double value)
    {
        if (text.Length < Padding && Ssse3.IsSupported)
        {
            Span<byte> padded = stackalloc byte[2 * Padding];
            text.CopyTo(padded);
            return TryParsePadded(ref padded[0], text.Length, out value);
        }
        return TryParseScalar(text, out value);
    }

    /// <summary>
    /// The same, for a field of <paramref name="length"/> bytes at <paramref name="start"/> with at least
    /// <see cref="Padding"/> readable bytes from there.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryParsePadded(ref byte start, int length, out double value) =>
        TryParsePlainDecimal(ref start, length, out value) || TryParseScalar(MemoryMarshal.CreateReadOnlySpan(ref start, length), out value);

    /// <summary>
    /// Decimals without an exponent of up to 15 digits, the bulk of a numeric CSV, without a branch per digit: the
    /// digits are aligned in one 16-byte register and combined by multiply-adds (pairs, fours, eights), so the
    /// unpredictable field lengths cost no mispredictions. False for anything else, with no fallback, so a loop that
    /// inlines it calls nothing.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryParsePlainDecimal(ref byte start, int length, out double value)
    {
        value = 0;
        if (!Ssse3.IsSupported || !Sse41.IsSupported) return false;
        var first = start;
        var negative = first == (byte)'-';
        var skip = Bit(negative | first == (byte)'+');
        var digitsLength = length - skip;
        if ((uint)(digitsLength - 1) >= 16) return false;
        var bytes = Vector128.LoadUnsafe(ref start, (nuint)skip) - Vector128.Create((byte)'0');
        var inField = (1u << digitsLength) - 1;
        var digits = Vector128.LessThanOrEqual(bytes, Vector128.Create((byte)9)).ExtractMostSignificantBits() & inField;
        var points = Vector128.Equals(bytes, Vector128.Create(unchecked((byte)('.' - '0')))).ExtractMostSignificantBits() & inField;
        if ((digits | points) != inField || (points & (points - 1)) != 0 || digits == 0 || BitOperations.PopCount(digits) > 15) return false;
        var dot = points == 0 ? digitsLength : BitOperations.TrailingZeroCount(points);
        var aligned = Ssse3.Shuffle(bytes, Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(AlignDigits), dot * 17 + digitsLength));
        var pairs = Ssse3.MultiplyAddAdjacent(aligned, Vector128.Create((sbyte)10, 1, 10, 1, 10, 1, 10, 1, 10, 1, 10, 1, 10, 1, 10, 1));
        var fours = Sse2.MultiplyAddAdjacent(pairs, Vector128.Create((short)100, 1, 100, 1, 100, 1, 100, 1));
        var packed = Sse41.PackUnsignedSaturate(fours, fours).AsInt16();
        var eights = Sse2.MultiplyAddAdjacent(packed, Vector128.Create((short)10000, 1, 10000, 1, 10000, 1, 10000, 1));
        var mantissa = (ulong)(uint)eights.GetElement(0) * 100_000_000 + (uint)eights.GetElement(1);
        var decimals = points == 0 ? 0 : digitsLength - dot - 1;
        var magnitude = (double)mantissa / Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(PowersOfTen), decimals);
        value = BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(magnitude) ^ ((long)Bit(negative) << 63));
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Bit(bool flag) => Unsafe.As<bool, byte>(ref flag);

    private static bool TryParseScalar(ReadOnlySpan<byte> text, out double value)
    {
        value = 0;
        var i = 0;
        var negative = false;
        if (i < text.Length && (text[i] == (byte)'-' || text[i] == (byte)'+')) negative = text[i++] == (byte)'-';
        ulong mantissa = 0;
        var digits = 0;
        var scale = 0;
        var start = i;
        for (; i < text.Length && (uint)(text[i] - '0') <= 9; i++, digits++) mantissa = mantissa * 10 + (uint)(text[i] - '0');
        if (i < text.Length && text[i] == (byte)'.')
        {
            i++;
            for (; i < text.Length && (uint)(text[i] - '0') <= 9; i++, digits++, scale--) mantissa = mantissa * 10 + (uint)(text[i] - '0');
        }
        if (digits == 0 || digits > 15) return false; // 15 digits always fit below 2⁵³; longer ones take the full parser
        if (i < text.Length && (text[i] | 0x20) == (byte)'e')
        {
            i++;
            var negativeExponent = false;
            if (i < text.Length && (text[i] == (byte)'-' || text[i] == (byte)'+')) negativeExponent = text[i++] == (byte)'-';
            var exponent = 0;
            var exponentDigits = 0;
            for (; i < text.Length && (uint)(text[i] - '0') <= 9 && exponentDigits < 4; i++, exponentDigits++) exponent = exponent * 10 + (text[i] - '0');
            if (exponentDigits == 0) return false;
            scale += negativeExponent ? -exponent : exponent;
        }
        if (i != text.Length || i == start) return false;
        if (scale < -22 || scale > 22) return false;
        var result = (double)mantissa;
        result = scale < 0 ? result / PowersOfTen[-scale] : result * PowersOfTen[scale];
        value = negative ? -result : result;
        return true;
    }

    private static Vector128<byte>[] BuildAlignDigits()
    {
        var table = new Vector128<byte>[17 * 17];
        Span<byte> control = stackalloc byte[16];
        for (var dot = 0; dot <= 16; dot++)
            for (var length = 1; length <= 16; length++)
            {
                var digitCount = dot < length ? length - 1 : length;
                control.Fill(0x80);
                for (var k = 0; k < digitCount && digitCount <= 16; k++)
                    control[16 - digitCount + k] = (byte)(k < dot ? k : k + 1);
                table[dot * 17 + length] = Vector128.Create((ReadOnlySpan<byte>)control);
            }
        return table;
    }
}
