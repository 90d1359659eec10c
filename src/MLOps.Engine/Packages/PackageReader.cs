using System.IO.Compression;
using System.Xml.Linq;
using MLOps.Engine.Gates;
using MLOps.Runtime;

namespace MLOps.Engine.Packages;

/// <summary>What a model package holds: its id and version (from the .nuspec), its model, gate result and lineage.</summary>
public sealed record PackageContents(string Id, string Version, ModelDocument? Model, GateResult? Gates)
{
    /// <summary>Reads a .nupkg; null when it is not a zip with a .nuspec.</summary>
    public static PackageContents? Read(byte[] package)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(package), ZipArchiveMode.Read);
            var nuspec = zip.Entries.FirstOrDefault(e => !e.FullName.Contains('/') && e.FullName.EndsWith(".nuspec", StringComparison.OrdinalIgnoreCase));
            if (nuspec is null) return null;
            XDocument document;
            using (var stream = nuspec.Open()) document = XDocument.Load(stream);
            var metadata = document.Root?.Elements().FirstOrDefault(e => e.Name.LocalName == "metadata");
            string? Value(string name) => metadata?.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value;
            if (Value("id") is not { } id || Value("version") is not { } version) return null;
            return new PackageContents(id, version, ReadModel(zip), ReadGates(zip));
        }
        catch (Exception e) when (e is InvalidDataException or System.Xml.XmlException)
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
