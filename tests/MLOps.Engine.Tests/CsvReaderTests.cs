using System.Text;
using MLOps.Engine.Data;
using MLOps.Engine.Diagnostics;
using Xunit;

namespace MLOps.Engine.Tests;

/// <summary>The reader's fast path for records without quotes splits exactly as the full parser does.</summary>
public class CsvReaderTests
{
    private static List<string[]> Records(string text)
    {
        using var reader = new CsvReader(new MemoryStream(Encoding.UTF8.GetBytes(text)), "t.csv", new DiagnosticBag());
        var records = new List<string[]>();
        while (reader.Read()) records.Add(Enumerable.Range(0, reader.FieldCount).Select(reader.GetString).ToArray());
        return records;
    }

    [Fact]
    public void Plain_records_of_any_length_split_as_quoted_ones_do()
    {
        var random = new Random(5);
        var lines = new List<string>();
        for (var r = 0; r < 200; r++)
        {
            // Fields of 0 to 40 characters, so commas fall on every position of the 32-byte blocks, empty fields included.
            var fields = Enumerable.Range(0, random.Next(1, 30)).Select(_ => new string('x', random.Next(0, 40)) + random.Next(100)).ToArray();
            if (random.Next(3) == 0) fields[0] = "";
            lines.Add(string.Join(',', fields));
        }
        var plain = Records(string.Join("\r\n", lines) + "\n");
        // The same records with a quoted first field take the full parser.
        var quoted = Records(string.Join("\n", lines.Select(l => "\"q\"," + l)) + "\n");
        Assert.Equal(lines.Count(l => l.Length > 0), plain.Count);
        Assert.Equal(plain, quoted.Select(r => r[1..]).Where(r => !(r.Length == 1 && r[0] == "")).ToList());
    }
}
