using System.IO.Compression;
using MLOps.Engine.Diagnostics;

namespace MLOps.Engine.Packages;

/// <summary>
/// Recomputes every hash a model package's lineage records: each packed file from the package itself, each input
/// from <c>inputsRoot</c> when given (a checkout of the repository the model was built from).
/// </summary>
public static class PackageVerifier
{
    /// <summary>Checks the package; what differs is an error naming the file and both hashes.</summary>
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
            var lineageEntry = zip.Entries.FirstOrDefault(e => e.FullName.StartsWith("models/", StringComparison.Ordinal) && e.FullName.EndsWith(".lineage.json", StringComparison.Ordinal));
            Lineage? lineage = null;
            if (lineageEntry is not null)
            {
                using var stream = lineageEntry.Open();
                using var memory = new MemoryStream();
                stream.CopyTo(memory);
                lineage = Lineage.Read(memory.ToArray());
            }
            if (lineage is null)
            {
                diagnostics.Error(DiagnosticCodes.PackageHasNoLineage, "The package has no readable models/<ModelName>.lineage.json: it was not packed by MLOps.Build, or the lineage was removed.", packagePath);
                return (null, 0);
            }
            var checkedFiles = 0;
            foreach (var output in lineage.Outputs)
            {
                var entry = zip.GetEntry(output.Path);
                if (entry is null)
                {
                    diagnostics.Error(DiagnosticCodes.PackageFileMismatch, $"'{output.Path}' is in the lineage but not in the package.", packagePath);
                    continue;
                }
                using var stream = entry.Open();
                var actual = Lineage.Sha256Of(stream);
                checkedFiles++;
                if (actual != output.Sha256)
                    diagnostics.Error(DiagnosticCodes.PackageFileMismatch, $"'{output.Path}' has SHA-256 {actual}, but the lineage records {output.Sha256}: the file was changed after packing.", packagePath);
            }
            var recorded = lineage.Outputs.Select(o => o.Path).Append(lineageEntry!.FullName).ToHashSet(StringComparer.Ordinal);
            foreach (var extra in zip.Entries.Where(e => e.FullName.StartsWith("models/", StringComparison.Ordinal) && !recorded.Contains(e.FullName)))
                diagnostics.Error(DiagnosticCodes.PackageFileMismatch, $"'{extra.FullName}' is in the package but not in the lineage: it was added after packing.", packagePath);
            if (inputsRoot is not null)
                foreach (var input in lineage.Inputs)
                {
                    var path = Path.GetFullPath(input.Path, inputsRoot);
                    if (!File.Exists(path))
                    {
                        diagnostics.Warning(DiagnosticCodes.InputMismatch, $"The {input.Role} '{input.Path}' is not under {inputsRoot}; its hash was not checked.", packagePath);
                        continue;
                    }
                    checkedFiles++;
                    var actual = Lineage.Sha256Of(path);
                    if (actual != input.Sha256)
                        diagnostics.Error(DiagnosticCodes.InputMismatch, $"The {input.Role} '{input.Path}' has SHA-256 {actual}, but the model was built from {input.Sha256}.", path);
                }
            return (lineage, checkedFiles);
        }
    }
}
