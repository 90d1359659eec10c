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
    /// <summary>
    /// One-sided confidence bound of the difference on the side that matters (lower when higher is better), at
    /// <see cref="BoundConfidence"/>: the level its adjusted verdict was decided at, so it crosses the margin exactly when the gate fails.
    /// </summary>
    public double? Bound { get; init; }
    /// <summary>The gate's <c>Confidence</c>: its adjusted p-value is compared with 1 − Confidence.</summary>
    public double? Confidence { get; init; }
    /// <summary>The one-sided confidence of <see cref="Bound"/>: <see cref="Confidence"/> raised by the multiple-testing adjustment (e.g. Holm's 1 − α/(m − k + 1)).</summary>
    public double? BoundConfidence { get; init; }
    /// <summary>For non-inferiority: how much worse than the baseline the candidate may be (<c>MaxDecrease</c>).</summary>
    public double? MaxDecrease { get; init; }
    public string? Test { get; init; }
    public double? PValue { get; init; }
    public double? AdjustedPValue { get; init; }
    public required GateOutcome Outcome { get; init; }
    public required string Explanation { get; init; }
}

/// <summary>How many gates ended each way: a summary never folds skipped or inconclusive gates into "not passed".</summary>
public sealed record GateCounts(int Passed, int Failed, int Inconclusive, int Skipped)
{
    public int Total => Passed + Failed + Inconclusive + Skipped;

    public static GateCounts Of(IEnumerable<GateVerdict> verdicts)
    {
        var outcomes = verdicts.Select(v => v.Outcome).ToArray();
        int Count(GateOutcome outcome) => outcomes.Count(o => o == outcome);
        return new GateCounts(Count(GateOutcome.Passed), Count(GateOutcome.Failed), Count(GateOutcome.Inconclusive), Count(GateOutcome.Skipped));
    }

    /// <summary>e.g. <c>6 of 14 gates passed, 0 failed, 0 inconclusive, 8 skipped</c>.</summary>
    public override string ToString() => $"{Passed} of {Total} gates passed, {Failed} failed, {Inconclusive} inconclusive, {Skipped} skipped";
}

/// <summary>
/// Who passed failed gates on purpose, why and when. <see cref="By"/> is null when nobody could be named (warning
/// MLOPS3112); <see cref="Gates"/> lists the metrics the override covers, or is null for every gate.
/// </summary>
public sealed record GateOverride(string Reason, string? By, string At)
{
    public IReadOnlyList<string>? Gates { get; init; }

    public bool Covers(GateVerdict verdict) => Gates is null || Gates.Contains(verdict.Metric, StringComparer.Ordinal);

    /// <summary>How the one who overrode reads in messages.</summary>
    [JsonIgnore]
    public string Who => By ?? "nobody named";
}

/// <summary>Which model a gate result speaks of: its file, the SHA-256 of its bytes and its version when one is known.</summary>
public sealed record ModelIdentity(string File, string Sha256, string? Version)
{
    /// <summary>The start of the hash, as reports show it.</summary>
    [JsonIgnore]
    public string ShortSha256 => Sha256[..Math.Min(12, Sha256.Length)];
}

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
    /// <summary>The model gated.</summary>
    public ModelIdentity? Candidate { get; init; }
    /// <summary>The model it was compared with, or null for none.</summary>
    public ModelIdentity? Baseline { get; init; }

    /// <summary>Gates passed, failed, inconclusive and skipped (written to the JSON for readers that only count).</summary>
    public GateCounts Counts => GateCounts.Of(Gates);

    /// <summary>Whether the model may ship: no gate failed, or the override covers every failed one.</summary>
    public bool Accepted => !Blocking().Any();

    /// <summary>The failed gates the override does not cover: what stops the model.</summary>
    public IEnumerable<GateVerdict> Blocking() => Gates.Where(g => g.Outcome == GateOutcome.Failed && Override?.Covers(g) != true);

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
