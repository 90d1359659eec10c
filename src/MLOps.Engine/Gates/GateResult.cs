using System.Text.Json;
using System.Text.Json.Serialization;
using MLOps.Engine.IO;

namespace MLOps.Engine.Gates;

/// <summary>What a gate concluded.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<GateOutcome>))]
public enum GateOutcome { Passed, Failed, Inconclusive, Skipped }

/// <summary>One gate's evidence and verdict, as recorded in the gate result JSON and shown in reports.</summary>
public sealed record GateVerdict
{
    public required string Gate { get; init; }
    /// <summary>The slice the gate was evaluated on (<c>column=value</c>), or null for all evaluation rows.</summary>
    public string? Slice { get; init; }
    /// <summary>Evaluation rows the verdict rests on.</summary>
    public int? Rows { get; init; }
    public required string Metric { get; init; }
    /// <summary><c>minimum</c>, <c>maximum</c>, <c>non-inferiority</c>, <c>superiority</c> or <c>fairness</c>.</summary>
    public required string Rule { get; init; }
    public required double Candidate { get; init; }
    public double? Baseline { get; init; }
    /// <summary>Candidate minus baseline.</summary>
    public double? Difference { get; init; }
    /// <summary>One-sided confidence bound of the difference on the side that matters (lower when higher is better).</summary>
    public double? Bound { get; init; }
    public double? Confidence { get; init; }
    /// <summary>For non-inferiority: how much worse than the baseline the candidate may be (<c>MaxDecrease</c>).</summary>
    public double? MaxDecrease { get; init; }
    public string? Test { get; init; }
    public double? PValue { get; init; }
    public double? AdjustedPValue { get; init; }
    public required GateOutcome Outcome { get; init; }
    public required string Explanation { get; init; }
}

/// <summary>Who passed failed gates on purpose, why and when.</summary>
public sealed record GateOverride(string Reason, string By, string At);

/// <summary>The gate result (<c>ModelGateResultPath</c>).</summary>
public sealed record GateResult(
    string Model,
    bool Passed,
    string Correction,
    string? BaselineModel,
    IReadOnlyList<GateVerdict> Gates,
    GateOverride? Override,
    string Fingerprint)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public void Write(string path) => AtomicFile.WriteAllBytes(path, [.. JsonSerializer.SerializeToUtf8Bytes(this, Json), (byte)'\n']);

    public static GateResult? TryRead(string path) => File.Exists(path) ? TryRead(File.ReadAllBytes(path)) : null;

    /// <summary>A gate result from JSON bytes (a UTF-8 byte order mark is allowed), or null when they are not one.</summary>
    public static GateResult? TryRead(ReadOnlySpan<byte> json)
    {
        try
        {
            return JsonSerializer.Deserialize<GateResult>(json.StartsWith("\uFEFF"u8) ? json[3..] : json, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
