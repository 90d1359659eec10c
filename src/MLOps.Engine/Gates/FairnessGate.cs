using System.Globalization;
using MLOps.Engine.Diagnostics;
using MLOps.Engine.Metrics;

namespace MLOps.Engine.Gates;

/// <summary>
/// One <c>FairnessGate</c>: a bound on a gap between the groups of a sensitive column in the candidate's decisions,
/// e.g. <c>&lt;FairnessGate Include="gender" Metric="demographic_parity_ratio" Minimum="0.8" /&gt;</c>. Groups with
/// fewer than <c>MinimumRows</c> rows are left out; with fewer than two groups left the gate is inconclusive.
/// </summary>
public sealed record FairnessGate(string Column, string Metric, double? Minimum, double? Maximum, int MinimumRows)
{
    public const int DefaultMinimumRows = 30;

    public string Describe() => $"{Metric} of {Column}{(Minimum is { } min ? $" Minimum={min.ToString("R", CultureInfo.InvariantCulture)}" : "")}{(Maximum is { } max ? $" Maximum={max.ToString("R", CultureInfo.InvariantCulture)}" : "")}";

    public static FairnessGate? Parse(string column, IReadOnlyDictionary<string, string> metadata, string projectFile, DiagnosticBag diagnostics)
    {
        var errors = diagnostics.ErrorCount;
        var metric = metadata.GetValueOrDefault("Metric") ?? "";
        if (!FairnessReport.Names.Contains(metric))
            diagnostics.Error(DiagnosticCodes.InvalidGate, $"FairnessGate '{column}' has Metric=\"{metric}\"; use one of: {string.Join(", ", FairnessReport.Names)}.", projectFile);
        double? Number(string name)
        {
            if (!metadata.TryGetValue(name, out var text) || string.IsNullOrWhiteSpace(text)) return null;
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0) return value;
            diagnostics.Error(DiagnosticCodes.InvalidGate, $"FairnessGate '{column}' has {name}=\"{text}\"; it must be a number ≥ 0.", projectFile);
            return null;
        }
        var minimum = Number("Minimum");
        var maximum = Number("Maximum");
        var minimumRows = Number("MinimumRows") ?? DefaultMinimumRows;
        if (minimum is null && maximum is null && diagnostics.ErrorCount == errors)
            diagnostics.Error(DiagnosticCodes.InvalidGate, $"FairnessGate '{column}' sets neither Minimum nor Maximum.", projectFile);
        return diagnostics.ErrorCount > errors ? null : new FairnessGate(column, metric, minimum, maximum, (int)minimumRows);
    }

    /// <summary>The verdict on the candidate's decisions; the baseline's value, when there is one, is shown for context.</summary>
    public GateVerdict Decide(double[] labels, double[] candidate, double[]? baseline, IReadOnlyList<string?> groups)
    {
        var candidateReport = FairnessReport.Of(labels, candidate, groups);
        var large = candidateReport.Rows.Where(r => r.Value >= MinimumRows).Select(r => r.Key).ToHashSet(StringComparer.Ordinal);
        var kept = groups.Select(g => g is not null && large.Contains(g) ? g : null).ToArray();
        var rows = candidateReport.Rows.Where(r => large.Contains(r.Key)).Sum(r => r.Value);
        if (large.Count < 2)
            return new GateVerdict
            {
                Gate = Describe(), Metric = Metric, Rule = "fairness", Candidate = double.NaN, Rows = rows, Outcome = GateOutcome.Inconclusive,
                Explanation = $"{Column} has {large.Count} group(s) with at least {MinimumRows} rows ({string.Join(", ", candidateReport.Rows.Select(r => $"{r.Key}: {r.Value}"))}); a gap needs two",
            };
        var report = FairnessReport.Of(labels, candidate, kept);
        var value = report[Metric];
        var baselineValue = baseline is null ? (double?)null : FairnessReport.Of(labels, baseline, kept)[Metric];
        var holds = (Minimum is not { } min || value >= min) && (Maximum is not { } max || value <= max);
        var requirement = string.Join(" and ", new[] { Minimum is { } a ? $"at least {F(a)}" : null, Maximum is { } b ? $"at most {F(b)}" : null }.OfType<string>());
        var rates = report.SelectionRate.Select(r => $"{r.Key} {F(r.Value)}");
        return new GateVerdict
        {
            Gate = Describe(), Metric = Metric, Rule = "fairness", Candidate = value, Baseline = baselineValue, Rows = rows,
            Outcome = holds ? GateOutcome.Passed : GateOutcome.Failed,
            Explanation = $"{Metric} across {Column} is {F(value)}{(baselineValue is { } bv ? $" (baseline {F(bv)})" : "")}; it must be {requirement}. Selection rates: {string.Join(", ", rates)}",
        };
    }

    private static string F(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
