using System.Globalization;
using MLOps.Engine.Diagnostics;
using MLOps.Engine.Metrics;
using MLOps.Engine.Vocabulary;

namespace MLOps.Engine.Gates;

/// <summary>
/// One <c>ModelGate</c>: an absolute floor or ceiling on the candidate (<c>Minimum</c>, <c>Maximum</c>), or a
/// comparison with the baseline: non-inferiority (<c>MaxDecrease</c>: the candidate may be worse by at most this,
/// with <c>Confidence</c>) or superiority (<c>MustImprove</c>: significantly better).
/// </summary>
public sealed record GateDefinition(string Metric, double? Minimum, double? Maximum, double? MaxDecrease, bool MustImprove, double Confidence, string? Test)
{
    public static IReadOnlyList<string> Tests => ComparisonTests.Names;

    public bool ComparesWithBaseline => MaxDecrease is not null || MustImprove;

    /// <summary>How the gate reads in messages, e.g. <c>auc MaxDecrease=0.005</c>.</summary>
    public string Describe()
    {
        var parts = new List<string>();
        if (Minimum is { } min) parts.Add($"Minimum={Format(min)}");
        if (Maximum is { } max) parts.Add($"Maximum={Format(max)}");
        if (MaxDecrease is { } margin) parts.Add($"MaxDecrease={Format(margin)}");
        if (MustImprove) parts.Add("MustImprove=true");
        return $"{Metric} {string.Join(" ", parts)}";
    }

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>The MLOPS3103 message for a metric name <paramref name="task"/> does not know.</summary>
    internal static string UnknownMetric(string metric, ModelTask task) =>
        $"ModelGate '{metric}' names no {task} metric. Use one of: {string.Join(", ", MetricRegistry.Names(task))}.";

    /// <summary>Reads a gate from an item's name and metadata; every bad value is a coded error naming the project.</summary>
    public static GateDefinition? Parse(string metric, IReadOnlyDictionary<string, string> metadata, ModelTask task, string projectFile, DiagnosticBag diagnostics)
    {
        var errors = diagnostics.ErrorCount;
        if (MetricRegistry.Find(task, metric) is null) diagnostics.Error(DiagnosticCodes.UnknownGateMetric, UnknownMetric(metric, task), projectFile);

        double? Number(string name, double low, double high)
        {
            if (!metadata.TryGetValue(name, out var text) || string.IsNullOrWhiteSpace(text)) return null;
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= low && value <= high) return value;
            diagnostics.Error(DiagnosticCodes.InvalidGate, $"ModelGate '{metric}' has {name}=\"{text}\"; it must be a number from {low.ToString(CultureInfo.InvariantCulture)} to {high.ToString(CultureInfo.InvariantCulture)}.", projectFile);
            return null;
        }

        var minimum = Number("Minimum", double.MinValue, double.MaxValue);
        var maximum = Number("Maximum", double.MinValue, double.MaxValue);
        var maxDecrease = Number("MaxDecrease", 0, double.MaxValue);
        var confidence = Number("Confidence", 0.5, 0.999999) ?? ModelDefaults.GateConfidence;
        var mustImprove = false;
        if (metadata.TryGetValue("MustImprove", out var improve) && !string.IsNullOrWhiteSpace(improve) && !bool.TryParse(improve, out mustImprove))
            diagnostics.Error(DiagnosticCodes.InvalidGate, $"ModelGate '{metric}' has MustImprove=\"{improve}\"; it must be true or false.", projectFile);
        var test = metadata.GetValueOrDefault("Test") is { Length: > 0 } t ? t.ToLowerInvariant() : null;
        if (test is not null && !Tests.Contains(test))
            diagnostics.Error(DiagnosticCodes.InvalidGate, $"ModelGate '{metric}' has Test=\"{test}\"; use one of: {string.Join(", ", Tests)}.", projectFile);
        if (minimum is null && maximum is null && maxDecrease is null && !mustImprove && diagnostics.ErrorCount == errors)
            diagnostics.Error(DiagnosticCodes.InvalidGate,
                $"ModelGate '{metric}' sets no rule. Give it Minimum, Maximum, MaxDecrease (with Confidence) or MustImprove=\"true\".", projectFile);
        return diagnostics.ErrorCount > errors ? null : new GateDefinition(metric, minimum, maximum, maxDecrease, mustImprove, confidence, test);
    }
}
