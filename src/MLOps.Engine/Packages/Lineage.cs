using System.Text.Json;
using System.Text.Json.Serialization;
using MLOps.Engine.IO;

namespace MLOps.Engine.Packages;

/// <summary>A file and its SHA-256: an input as the project names it, or an output by its path in the package.</summary>
public sealed record HashedFile(string Role, string Path, string Sha256);

/// <summary>What the .nuspec NuGet wrote for the package says, beyond the id and version the lineage names: its dependencies and a hash of all its metadata.</summary>
public sealed record PackedManifest(IReadOnlyList<PackageDependency> Dependencies, string MetadataSha256);

/// <summary>
/// Where a packaged model came from (<c>models/&lt;ModelName&gt;.lineage.json</c>): the SHA-256 of every input and of
/// every file in the package (but the lineage and the parts NuGet generates), the .nuspec's dependencies, trainer, parameters, seed, engine version, git commit and dirty flag, and the build
/// time only when the package is not meant to be reproducible. <c>mlops verify</c> recomputes every hash.
/// </summary>
public sealed record Lineage
{
    public const string FormatName = "mlops-lineage";

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string Format { get; init; } = FormatName;
    /// <summary>2: <see cref="Outputs"/> lists every packed file and <see cref="Package"/> the .nuspec; 1 listed only the files under models/.</summary>
    public int FormatVersion { get; init; } = 2;
    public required string Model { get; init; }
    public required string PackageId { get; init; }
    public required string Version { get; init; }
    public required string Task { get; init; }
    public required string Trainer { get; init; }
    public required IReadOnlyDictionary<string, string> Parameters { get; init; }
    /// <summary>Set when the model was converted from another library's (ML.NET's), with the check that both score alike.</summary>
    public MLOps.Runtime.ConversionCheck? Conversion { get; init; }
    /// <summary><c>external</c> when the build packed a model it did not train (<c>PretrainedModel</c>).</summary>
    public string? TrainedBy { get; init; }
    /// <summary>
    /// Set when the model is an ML.NET .zip the build could not convert, so the app scores it through ML.NET
    /// (MLOps.Runtime.MLNet): why it has no MLOps.Runtime form, naming the transform or predictor.
    /// </summary>
    public string? ScoredByMLNet { get; init; }
    public required int Seed { get; init; }
    public required string EngineVersion { get; init; }
    public required string Fingerprint { get; init; }
    public required IReadOnlyList<HashedFile> Inputs { get; init; }
    public required IReadOnlyList<HashedFile> Outputs { get; init; }
    /// <summary>The .nuspec as packed; null in a lineage written before the package's file list was known (format 1).</summary>
    public PackedManifest? Package { get; init; }
    public GitState? Git { get; init; }
    /// <summary>Set when a failed gate was passed on purpose (reason, who, when).</summary>
    public Gates.GateOverride? GateOverride { get; init; }
    /// <summary>When the package was built; only when reproducibility was not asked for (it would change the bytes).</summary>
    public string? BuiltAt { get; init; }

    public byte[] ToBytes() => [.. JsonSerializer.SerializeToUtf8Bytes(this, Json), (byte)'\n'];

    public void Write(string path) => AtomicFile.WriteAllBytes(path, ToBytes());

    /// <summary>Reads lineage JSON; null when it is not lineage.</summary>
    public static Lineage? Read(ReadOnlySpan<byte> json)
    {
        try
        {
            var lineage = JsonSerializer.Deserialize<Lineage>(json, Json);
            return lineage?.Format == FormatName ? lineage : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

}
