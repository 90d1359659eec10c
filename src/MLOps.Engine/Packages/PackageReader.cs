using System.IO.Compression;
using MLOps.Engine.Gates;
using MLOps.Runtime;
using NuGet.Packaging;
using NuGet.Packaging.Core;

namespace MLOps.Engine.Packages;

/// <summary>What a model package holds: its id and version (from the .nuspec), its model, gate result and lineage.</summary>
public sealed record PackageContents(string Id, string Version, ModelDocument? Model, GateResult? Gates)
{
    /// <summary>Reads a .nupkg (with NuGet.Packaging); null when it is not a zip with a .nuspec that has an id and a version.</summary>
    public static PackageContents? Read(byte[] package)
    {
        try
        {
            using var reader = new PackageArchiveReader(new MemoryStream(package));
            var identity = reader.GetIdentity();
            using var zip = new ZipArchive(new MemoryStream(package), ZipArchiveMode.Read);
            return new PackageContents(identity.Id, identity.Version.ToNormalizedString(), ReadModel(zip), ReadGates(zip));
        }
        catch (Exception e) when (e is InvalidDataException or System.Xml.XmlException or PackagingException or ArgumentException)
        {
            return null;
        }
    }

    private static byte[]? Entry(ZipArchive zip, string suffix)
    {
        var entry = zip.Entries.FirstOrDefault(e => e.FullName.StartsWith("models/", StringComparison.Ordinal) && e.FullName.EndsWith(suffix, StringComparison.Ordinal));
        if (entry is null) return null;
        using var stream = entry.Open();
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }

    private static ModelDocument? ReadModel(ZipArchive zip)
    {
        var bytes = Entry(zip, ".model.json");
        try
        {
            return bytes is null ? null : ModelFormat.FromBytes(bytes, "package");
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    private static GateResult? ReadGates(ZipArchive zip) => Entry(zip, ".gate.json") is { } bytes ? GateResult.TryRead(bytes) : null;
}
