using System.IO.Compression;
using MLOps.Engine.Gates;
using MLOps.Engine.Packages;
using MLOps.Engine.Reports;
using MLOps.Runtime;

namespace MLOps.Engine.Registry;

/// <summary>A model package as the registry reads it: its lineage, gate result, metrics and model, from the package's models/ folder.</summary>
public sealed record PublishedModel(string Id, string Version, Lineage Lineage, GateResult? Gates, MetricsFile? Metrics, ModelDocument? Model)
{
    /// <summary>The package's bytes, or null when it was read from an extracted folder.</summary>
    public byte[]? Package { get; init; }

    /// <summary>The project's folder when this is a project's last build (<see cref="LastBuild"/>): its inputs' paths are relative to it.</summary>
    public string? ProjectDirectory { get; init; }

    /// <summary>The package's model (as MLOps.Runtime loads it), or null when the package holds none.</summary>
    public Model? LoadModel() => Model is null ? null : new Model(Model);

    /// <summary>The SHA-256 of the training data, or null when the lineage lists none (the "data fingerprint" history shows).</summary>
    public string? TrainingDataSha256 => Lineage.Inputs.FirstOrDefault(i => i.Role == "training data")?.Sha256;

    /// <summary>Reads a .nupkg; null when it is not a model package (no readable .nuspec or lineage).</summary>
    public static PublishedModel? Read(byte[] package)
    {
        if (PackageContents.Read(package) is not { } contents) return null;
        using var zip = new ZipArchive(new MemoryStream(package), ZipArchiveMode.Read);
        if (PackageVerifier.LineageOf(zip).Lineage is not { } lineage) return null;
        var metrics = Entry(zip, $"models/{lineage.Model}.metrics.json") is { } bytes ? MetricsFile.TryRead(bytes) : null;
        return new PublishedModel(contents.Id, contents.Version, lineage, contents.Gates, metrics, contents.Model) { Package = package };
    }

    /// <summary>
    /// Reads an extracted package or a build's outputs: a folder with <c>models/&lt;ModelName&gt;.lineage.json</c> (or the
    /// lineage directly in it) and the model, gate result and metrics beside it; null when it holds no lineage.
    /// </summary>
    public static PublishedModel? ReadFolder(string folder)
    {
        var models = Directory.Exists(Path.Combine(folder, "models")) ? Path.Combine(folder, "models") : folder;
        var lineageFile = Directory.Exists(models) ? Directory.EnumerateFiles(models, "*.lineage.json").Order(StringComparer.Ordinal).FirstOrDefault() : null;
        if (lineageFile is null || Lineage.Read(File.ReadAllBytes(lineageFile)) is not { } lineage) return null;
        string Beside(string extension) => Path.Combine(models, lineage.Model + extension);
        ModelDocument? model = null;
        try
        {
            if (File.Exists(Beside(".model.json"))) model = ModelFormat.FromBytes(File.ReadAllBytes(Beside(".model.json")), Beside(".model.json"));
        }
        catch (InvalidDataException)
        {
        }
        var metrics = File.Exists(Beside(".metrics.json")) ? MetricsFile.TryRead(File.ReadAllBytes(Beside(".metrics.json"))) : null;
        return new PublishedModel(lineage.PackageId, lineage.Version, lineage, GateResult.TryRead(Beside(".gate.json")), metrics, model);
    }

    private static byte[]? Entry(ZipArchive zip, string name)
    {
        if (zip.GetEntry(name) is not { } entry) return null;
        using var stream = entry.Open();
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }
}
