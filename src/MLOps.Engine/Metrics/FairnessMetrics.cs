namespace MLOps.Engine.Metrics;

/// <summary>Per-group rates of a binary classifier's decisions, and the gaps between groups (fairlearn's definitions).</summary>
public sealed record FairnessReport(
    IReadOnlyDictionary<string, double> SelectionRate,
    IReadOnlyDictionary<string, double> TruePositiveRate,
    IReadOnlyDictionary<string, double> FalsePositiveRate,
    IReadOnlyDictionary<string, int> Rows)
{
    /// <summary>Largest minus smallest selection rate.</summary>
    public double DemographicParityDifference => SelectionRate.Values.Max() - SelectionRate.Values.Min();

    /// <summary>Smallest over largest selection rate (1 is parity; the "four-fifths rule" asks for at least 0.8).</summary>
    public double DemographicParityRatio => SelectionRate.Values.Max() == 0 ? 1 : SelectionRate.Values.Min() / SelectionRate.Values.Max();

    /// <summary>The larger of the TPR gap and the FPR gap between groups.</summary>
    public double EqualizedOddsDifference =>
        Math.Max(TruePositiveRate.Values.Max() - TruePositiveRate.Values.Min(), FalsePositiveRate.Values.Max() - FalsePositiveRate.Values.Min());

    /// <summary>The gaps a <c>FairnessGate</c> can bound, by name, each read off a report.</summary>
    private static readonly (string Name, Func<FairnessReport, double> Read)[] Gaps =
    [
        ("demographic_parity_difference", r => r.DemographicParityDifference),
        ("demographic_parity_ratio", r => r.DemographicParityRatio),
        ("equalized_odds_difference", r => r.EqualizedOddsDifference),
    ];

    /// <summary>The fairness metric names a <c>FairnessGate</c> can use.</summary>
    public static readonly IReadOnlyList<string> Names = Gaps.Select(g => g.Name).ToArray();

    public double this[string name] =>
        Gaps.FirstOrDefault(g => g.Name == name).Read?.Invoke(this) ?? throw new ArgumentException($"'{name}' is not a fairness metric.", nameof(name));

    /// <summary>Rates per value of <paramref name="groups"/> (null values are left out); decisions at <see cref="BinaryMetrics.Threshold"/>.</summary>
    public static FairnessReport Of(ReadOnlySpan<double> labels, ReadOnlySpan<double> scores, IReadOnlyList<string?> groups)
    {
        var counts = new SortedDictionary<string, long[]>(StringComparer.Ordinal); // tp, fp, tn, fn
        for (var i = 0; i < labels.Length; i++)
        {
            if (groups[i] is not { } group) continue;
            if (!counts.TryGetValue(group, out var c)) counts[group] = c = new long[4];
            var predicted = scores[i] >= BinaryMetrics.Threshold;
            c[labels[i] == 1 ? predicted ? 0 : 3 : predicted ? 1 : 2]++;
        }
        static double Ratio(double a, double b) => b == 0 ? 0 : a / b;
        return new FairnessReport(
            counts.ToDictionary(p => p.Key, p => Ratio(p.Value[0] + p.Value[1], p.Value.Sum())),
            counts.ToDictionary(p => p.Key, p => Ratio(p.Value[0], p.Value[0] + p.Value[3])),
            counts.ToDictionary(p => p.Key, p => Ratio(p.Value[1], p.Value[1] + p.Value[2])),
            counts.ToDictionary(p => p.Key, p => (int)p.Value.Sum()));
    }
}
