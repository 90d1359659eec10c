using System.Globalization;

namespace MLOps.Engine.Data;

/// <summary>How field bytes become numbers and booleans; one place, so inference and loading agree.</summary>
internal static class ValueParsing
{
    public static bool TryParseNumber(ReadOnlySpan<byte> field, out double value) =>
        FastNumber.TryParse(field, out value) || TryParseAnyNumber(field, out value);

    /// <summary>The full parser, for what <see cref="FastNumber"/> leaves: long mantissas, large exponents, spaces.</summary>
    public static bool TryParseAnyNumber(ReadOnlySpan<byte> field, out double value) =>
        double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    /// <summary>Spellings of infinity and NaN that .NET does not parse but that other tools write.</summary>
    public static bool IsNonFiniteToken(ReadOnlySpan<byte> field)
    {
        var trimmed = field.TrimStart("+-"u8);
        return trimmed.Length is 3 or 8 &&
            (System.Text.Ascii.EqualsIgnoreCase(trimmed, "inf"u8) || System.Text.Ascii.EqualsIgnoreCase(trimmed, "nan"u8) || System.Text.Ascii.EqualsIgnoreCase(trimmed, "infinity"u8));
    }

    public static bool TryParseBoolean(ReadOnlySpan<byte> field, out bool value)
    {
        if (System.Text.Ascii.EqualsIgnoreCase(field, "true"u8)) { value = true; return true; }
        if (System.Text.Ascii.EqualsIgnoreCase(field, "false"u8)) { value = false; return true; }
        value = false;
        return false;
    }
}
