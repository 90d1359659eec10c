namespace MLOps.Engine.Data;

/// <summary>
/// Exact fast path for the plain decimals data files are made of (<c>-12.5</c>, <c>3e-4</c>): when the digits fit in
/// 2⁵³ and the power of ten is at most 22, one multiplication or division of two exactly representable doubles is
/// correctly rounded (Clinger, 1990). Anything else returns false and goes to the full parser.
/// </summary>
internal static class FastNumber
{
    private static readonly double[] PowersOfTen =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

    public static bool TryParse(ReadOnlySpan<byte> text, out double value)
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
}
