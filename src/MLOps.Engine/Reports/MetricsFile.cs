using System.Text.Json;
using MLOps.Engine.IO;

namespace MLOps.Engine.Reports;

/// <summary>The metrics JSON (<c>ModelMetricsPath</c>): stable key order, so it diffs well in a pull request.</summary>
public sealed record MetricsFile(
    string Model,
    string Task,
    string Label,
    string? PositiveClass,
    IReadOnlyList<string> EvaluationData,
    bool HeldOut,
    int Rows,
    IReadOnlyDictionary<string, double> Metrics)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public void Write(string path) => AtomicFile.WriteAllBytes(path, [.. JsonSerializer.SerializeToUtf8Bytes(this, Json), (byte)'\n']);

    public static MetricsFile Read(string path) =>
        JsonSerializer.Deserialize<MetricsFile>(File.ReadAllBytes(path), Json) ?? throw new InvalidDataException($"{path} is empty.");
}
