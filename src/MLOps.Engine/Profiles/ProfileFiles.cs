using MLOps.Engine.Data;
using MLOps.Engine.Diagnostics;
using MLOps.Runtime.Monitoring;

namespace MLOps.Engine.Profiles;

/// <summary>Profile files named by a user (<c>mlops profile merge</c>, monitoring): read and merged with coded errors that name the file.</summary>
public static class ProfileFiles
{
    /// <summary>The profile in <paramref name="file"/>, or null with MLOPS4090 when it is missing or not a profile this engine reads.</summary>
    public static ScoringProfile? Read(DataFile file, DiagnosticBag diagnostics)
    {
        try
        {
            return ProfileFormat.FromBytes(File.ReadAllBytes(file.FullPath), file.DisplayPath);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            var why = e is FileNotFoundException or DirectoryNotFoundException ? $"{file.DisplayPath} does not exist." : e.Message;
            diagnostics.Error(DiagnosticCodes.ProfileUnreadable, why, file.DisplayPath);
            return null;
        }
    }

    /// <summary>
    /// The exact merge of every profile in <paramref name="files"/> (docs/monitoring.md, "Formats"), or null with a
    /// diagnostic per file that cannot be read (MLOPS4090) or does not merge with the first (MLOPS4091, saying why).
    /// </summary>
    public static ScoringProfile? Merge(IReadOnlyList<DataFile> files, DiagnosticBag diagnostics)
    {
        ScoringProfile? merged = null;
        DataFile? first = null;
        foreach (var file in files)
        {
            if (Read(file, diagnostics) is not { } profile) continue;
            if (merged is null)
            {
                (merged, first) = (profile, file);
                continue;
            }
            try
            {
                merged = ScoringProfile.Merge(merged, profile);
            }
            catch (InvalidDataException e)
            {
                diagnostics.Error(DiagnosticCodes.ProfilesDoNotMerge, $"{file.DisplayPath} does not merge with {first!.DisplayPath}: {e.Message}", file.DisplayPath);
            }
        }
        return diagnostics.HasErrors ? null : merged;
    }
}
