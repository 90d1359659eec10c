using System.Text.Json;
using System.Text.Json.Serialization;
using MLOps.Engine.IO;
using MLOps.Engine.Metrics;
using MLOps.Engine.Vocabulary;

namespace MLOps.Engine.Reports;

/// <summary>
/// The metrics JSON (<c>ModelMetricsPath</c>): stable key order, so it diffs well in a pull request. A metric that is
/// undefined on the evaluation rows is <c>null</c> in <see cref="Metrics"/>, with its reason in <see cref="Undefined"/>
/// (absent when every metric is defined, so files stay as they were).
/// </summary>
public sealed record MetricsFile(
    string Model,
    string Task,
    string Label,
    string? PositiveClass,
    IReadOnlyList<string> EvaluationData,
    bool HeldOut,
    int Rows,
    IReadOnlyDictionary<string, double?> Metrics,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, string>? Undefined = null)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>Metric values as computed (NaN or infinite where undefined), turned into nulls with reasons.</summary>
    public static (IReadOnlyDictionary<string, double?> Metrics, IReadOnlyDictionary<string, string>? Undefined) Split(
        IReadOnlyDictionary<string, double> values, ModelTask task, double[] labels, IReadOnlyList<string> classes)
    {
        var reasons = UndefinedMetrics.Reasons(values, task, labels, classes);
        var metrics = new SortedDictionary<string, double?>(StringComparer.Ordinal);
        foreach (var (name, value) in values) metrics[name] = double.IsFinite(value) ? value : null;
        return (metrics, reasons.Count == 0 ? null : reasons);
    }

    /// <summary>A metric's value as shown in reports and logs: four decimals, or "undefined".</summary>
    public static string Format(double? value) =>
        value is { } v ? v.ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture) : "undefined";

    public void Write(string path) => AtomicFile.WriteAllBytes(path, [.. JsonSerializer.SerializeToUtf8Bytes(this, Json), (byte)'\n']);

    public static MetricsFile Read(string path) =>
        JsonSerializer.Deserialize<MetricsFile>(File.ReadAllBytes(path), Json) ?? throw new InvalidDataException($"{path} is empty.");

    /// <summary>Reads metrics JSON (e.g. from a package); null when it is not readable.</summary>
    public static MetricsFile? TryRead(ReadOnlySpan<byte> json)
    {
        try
        {
            return JsonSerializer.Deserialize<MetricsFile>(json, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
