using System.IO.Compression;
using System.Xml;
using System.Xml.Linq;
using MLOps.Engine.Diagnostics;
using MLOps.Engine.IO;

namespace MLOps.Engine.Packages;

/// <summary>
/// Checks every entry of a model package against its lineage: each packed file's SHA-256, no file missing or added,
/// and the parts NuGet generates by what they say (the .nuspec's id, version, dependencies and metadata; the core
/// properties' id and version; the relationships and content types as well-formed parts naming the .nuspec). With
/// <c>inputsRoot</c> (a checkout of the repository the model was built from), each input's hash too.
/// </summary>
public static class PackageVerifier
{
    private const string CorePropertiesFolder = "package/services/metadata/core-properties/";

    /// <summary>Checks the package; every difference is an error naming the entry.</summary>
    public static (Lineage? Lineage, int Checked) Verify(string packagePath, string? inputsRoot, DiagnosticBag diagnostics)
    {
        ZipArchive zip;
        try
        {
            zip = ZipFile.OpenRead(packagePath);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            diagnostics.Error(DiagnosticCodes.PackageUnreadable, $"The package cannot be read as a zip file: {e.Message}", packagePath);
            return (null, 0);
        }
        using (zip)
        {
            var (lineageEntry, lineage) = LineageOf(zip);
            if (lineage is null)
            {
                diagnostics.Error(DiagnosticCodes.PackageHasNoLineage, "The package has no readable models/<ModelName>.lineage.json: it was not packed by MLOps.Build, or the lineage was removed.", packagePath);
                return (null, 0);
            }
            void Differs(string message) => diagnostics.Error(DiagnosticCodes.PackageFileMismatch, message, packagePath);
            if (lineage.Package is null)
                diagnostics.Warning(DiagnosticCodes.LineageWithoutPackageListing,
                    "The lineage lists only the files under models/ (it was written by an earlier MLOps.Build): the other entries and the .nuspec are not checked. Pack again to cover them.", packagePath);

            var checkedFiles = 0;
            var recorded = lineage.Outputs.ToDictionary(o => o.Path, StringComparer.Ordinal);
            var nuspecs = zip.Entries.Where(e => !e.FullName.Contains('/') && e.FullName.EndsWith(".nuspec", StringComparison.OrdinalIgnoreCase)).ToArray();
            foreach (var entry in zip.Entries)
            {
                if (entry == lineageEntry) continue;
                if (recorded.TryGetValue(entry.FullName, out var output))
                {
                    checkedFiles++;
                    using var stream = entry.Open();
                    var actual = FileHash.Sha256Of(stream);
                    if (actual != output.Sha256)
                        Differs($"'{output.Path}' has SHA-256 {actual}, but the lineage records {output.Sha256}: the file was changed after packing.");
                }
                else if (lineage.Package is null ? !entry.FullName.StartsWith("models/", StringComparison.Ordinal) : IsNuGetPart(entry, nuspecs))
                    continue; // checked below by what it says, or (format 1) not covered
                else
                    Differs($"'{entry.FullName}' is in the package but not in the lineage: it was added after packing.");
            }
            foreach (var missing in lineage.Outputs.Where(o => zip.GetEntry(o.Path) is null))
                Differs($"'{missing.Path}' is in the lineage but not in the package: it was removed after packing.");
            if (lineage.Package is { } manifest)
                checkedFiles += CheckNuGetParts(zip, nuspecs, lineage, manifest, packagePath, diagnostics);
            if (inputsRoot is not null) checkedFiles += CheckInputs(lineage, inputsRoot, packagePath, diagnostics);
            return (lineage, checkedFiles);
        }
    }

    /// <summary>The package's lineage entry (<c>models/*.lineage.json</c>) and what it says; nulls when there is none or it is not lineage.</summary>
    public static (ZipArchiveEntry? Entry, Lineage? Lineage) LineageOf(ZipArchive zip)
    {
        var entry = zip.Entries.FirstOrDefault(e => e.FullName.StartsWith("models/", StringComparison.Ordinal) && e.FullName.EndsWith(".lineage.json", StringComparison.Ordinal));
        return (entry, entry is null ? null : Lineage.Read(Bytes(entry)));
    }

    /// <summary>The parts NuGet writes around the files: one .nuspec at the root, the core properties, the relationships and the content types.</summary>
    private static bool IsNuGetPart(ZipArchiveEntry entry, ZipArchiveEntry[] nuspecs) =>
        entry.FullName is "[Content_Types].xml" or "_rels/.rels"
        || (entry.FullName.StartsWith(CorePropertiesFolder, StringComparison.Ordinal) && entry.FullName.EndsWith(".psmdcp", StringComparison.Ordinal) && entry.FullName.Count(c => c == '/') == 4)
        || (nuspecs.Length == 1 && entry == nuspecs[0]);

    private static int CheckNuGetParts(ZipArchive zip, ZipArchiveEntry[] nuspecs, Lineage lineage, PackedManifest manifest, string packagePath, DiagnosticBag diagnostics)
    {
        void Differs(string message) => diagnostics.Error(DiagnosticCodes.PackageMetadataMismatch, message, packagePath);
        if (nuspecs.Length != 1)
        {
            Differs($"The package has {nuspecs.Length} .nuspec files at its root ({string.Join(", ", nuspecs.Select(n => n.FullName))}); NuGet writes exactly one.");
            return 0;
        }
        NuspecManifest? nuspec;
        try
        {
            using var stream = nuspecs[0].Open();
            nuspec = NuspecManifest.Read(stream);
        }
        catch (XmlException e)
        {
            Differs($"'{nuspecs[0].FullName}' is not well-formed XML: {e.Message}");
            return 1;
        }
        if (nuspec is null)
        {
            Differs($"'{nuspecs[0].FullName}' has no id and version.");
            return 1;
        }
        if (nuspec.Id != lineage.PackageId || nuspec.Version != lineage.Version)
            Differs($"'{nuspecs[0].FullName}' names {nuspec.Id} {nuspec.Version}, but the lineage was packed as {lineage.PackageId} {lineage.Version}.");
        var (packed, now) = (manifest.Dependencies.Select(d => d.ToString()).ToArray(), nuspec.Dependencies.Select(d => d.ToString()).ToArray());
        if (!packed.SequenceEqual(now))
            Differs($"'{nuspecs[0].FullName}' has dependencies [{string.Join("; ", now)}], but the lineage records [{string.Join("; ", packed)}]: they were changed after packing.");
        else if (nuspec.MetadataSha256 != manifest.MetadataSha256)
            Differs($"'{nuspecs[0].FullName}' has other metadata than was packed (SHA-256 {nuspec.MetadataSha256[..12]}…, lineage {manifest.MetadataSha256[..12]}…): a description, author, readme, license or another field was changed after packing.");

        var checkedParts = 1;
        foreach (var part in zip.Entries.Where(e => IsNuGetPart(e, nuspecs) && e != nuspecs[0]))
        {
            checkedParts++;
            XElement? root;
            try
            {
                using var stream = part.Open();
                root = XDocument.Load(stream).Root;
            }
            catch (XmlException e)
            {
                Differs($"'{part.FullName}' is not well-formed XML: {e.Message}");
                continue;
            }
            string? Value(string name) => root?.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value;
            if (part.FullName.EndsWith(".psmdcp", StringComparison.Ordinal) && (Value("identifier") != lineage.PackageId || Value("version") != lineage.Version))
                Differs($"'{part.FullName}' names {Value("identifier")} {Value("version")}, but the lineage was packed as {lineage.PackageId} {lineage.Version}.");
            if (part.FullName == "_rels/.rels" && root?.Elements().Any(r => (string?)r.Attribute("Target") == "/" + nuspecs[0].FullName) != true)
                Differs($"'_rels/.rels' does not name the package's manifest /{nuspecs[0].FullName}.");
        }
        return checkedParts;
    }

    private static int CheckInputs(Lineage lineage, string inputsRoot, string packagePath, DiagnosticBag diagnostics)
    {
        var checkedFiles = 0;
        foreach (var input in lineage.Inputs)
        {
            var path = Path.GetFullPath(input.Path, inputsRoot);
            if (!File.Exists(path))
            {
                diagnostics.Warning(DiagnosticCodes.InputMismatch, $"The {input.Role} '{input.Path}' is not under {inputsRoot}; its hash was not checked.", packagePath);
                continue;
            }
            checkedFiles++;
            var actual = FileHash.Sha256Of(path);
            if (actual != input.Sha256)
                diagnostics.Error(DiagnosticCodes.InputMismatch, $"The {input.Role} '{input.Path}' has SHA-256 {actual}, but the model was built from {input.Sha256}.", path);
        }
        return checkedFiles;
    }

    private static byte[] Bytes(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }
}
