using System.Globalization;
using System.Text;
using MLOps.Engine.Data;
using Xunit;

namespace MLOps.Engine.Tests;

public class FastNumberTests
{
    [Theory]
    [InlineData("0")]
    [InlineData("-0")]
    [InlineData("12.5")]
    [InlineData("-3.25e-4")]
    [InlineData("1E22")]
    [InlineData("0.1")]
    [InlineData("123456789012345")]
    [InlineData("4.9406564584124654e-324")] // too many digits: full parser
    [InlineData("1e400")]                    // out of range: full parser (then reported as non-finite)
    [InlineData(".5")]
    [InlineData("5.")]
    public void Numbers_parse_exactly_as_dotnet_parses_them(string text)
    {
        Assert.True(ValueParsing.TryParseNumber(Encoding.UTF8.GetBytes(text), out var value));
        Assert.Equal(double.Parse(text, CultureInfo.InvariantCulture), value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-")]
    [InlineData(".")]
    [InlineData("1e")]
    [InlineData("1.2.3")]
    [InlineData("12a")]
    [InlineData("--1")]
    public void Non_numbers_are_not_numbers(string text)
    {
        Assert.False(ValueParsing.TryParseNumber(Encoding.UTF8.GetBytes(text), out _));
    }

    [Fact]
    public void A_million_random_decimals_round_trip_bit_for_bit()
    {
        var random = new Random(11);
        for (var k = 0; k < 1_000_000; k++)
        {
            var digits = random.Next(1, 16);
            var mantissa = (long)(random.NextDouble() * Math.Pow(10, digits));
            var text = (random.Next(2) == 0 ? "-" : "") + (k % 3 == 0
                ? $"{mantissa}e{random.Next(-22, 23)}"
                : mantissa.ToString(CultureInfo.InvariantCulture).Insert(Math.Min(random.Next(0, digits + 1), mantissa.ToString(CultureInfo.InvariantCulture).Length), "."));
            if (text.EndsWith('.') || text.StartsWith('.') || text.StartsWith("-.")) text += "0";
            Assert.True(ValueParsing.TryParseNumber(Encoding.UTF8.GetBytes(text), out var value), text);
            Assert.True(double.Parse(text, CultureInfo.InvariantCulture) == value, text);
        }
    }

    [Fact]
    public void Plain_decimals_read_only_their_own_bytes_of_a_buffer()
    {
        // The 16-byte parse loads past the field: the bytes after it (digits here, the next field in a file) must not count.
        var random = new Random(3);
        for (var k = 0; k < 300_000; k++)
        {
            var digits = random.Next(1, 16);
            var number = new StringBuilder();
            if (random.Next(3) == 0) number.Append(random.Next(2) == 0 ? '-' : '+');
            var point = random.Next(0, digits + 1);
            for (var d = 0; d < digits; d++)
            {
                if (d == point && d > 0) number.Append('.');
                number.Append((char)('0' + random.Next(10)));
            }
            var text = number.ToString();
            var buffer = Encoding.ASCII.GetBytes(text + "98765432109876543");
            Assert.True(FastNumber.TryParsePadded(ref buffer[0], text.Length, out var value), text);
            Assert.True(double.Parse(text, CultureInfo.InvariantCulture) == value, text);
        }
    }

    [Theory]
    [InlineData("1e5")]
    [InlineData("1234567890123456")]
    [InlineData("")]
    [InlineData("-")]
    [InlineData("1.2.3")]
    [InlineData(" 1")]
    public void The_register_parser_declines_what_is_not_a_short_plain_decimal(string text)
    {
        var buffer = Encoding.ASCII.GetBytes(text + new string('0', FastNumber.Padding));
        Assert.False(FastNumber.TryParsePlainDecimal(ref buffer[0], text.Length, out _));
    }
}
