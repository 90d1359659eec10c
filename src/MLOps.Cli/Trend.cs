namespace MLOps.Cli;

/// <summary>A metric's values as a line of Unicode blocks (a sparkline), lowest ▁ to highest █; a gap for a version without the metric.</summary>
internal static class Trend
{
    private const string Blocks = "▁▂▃▄▅▆▇█";

    public static string Of(IReadOnlyList<double?> values)
    {
        var known = values.OfType<double>().ToArray();
        if (known.Length == 0) return new string(' ', values.Count);
        var (low, high) = (known.Min(), known.Max());
        return string.Concat(values.Select(v => v is not { } x ? ' '
            : high == low ? Blocks[Blocks.Length / 2] : Blocks[(int)Math.Round((x - low) / (high - low) * (Blocks.Length - 1))]));
    }
}
