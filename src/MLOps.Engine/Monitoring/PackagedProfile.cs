using System.IO.Compression;
using MLOps.Runtime.Monitoring;

namespace MLOps.Engine.Monitoring;

/// <summary>Finds the reference profile a model package carries (<c>models/&lt;ModelName&gt;.profile.json</c>) in a .nupkg, an extracted package or a build's output folder.</summary>
public static class PackagedProfile
{
    /// <summary>The file name of a model's reference profile.</summary>
    public static string FileName(string model) => $"{model}.profile.json";

    /// <summary>The profile in a package's bytes, or null when it has none (packed before MLOps.Build 2).</summary>
    /// <exception cref="InvalidDataException">The profile is there but not readable.</exception>
    public static ScoringProfile? FromPackage(byte[] package, string model, string source)
    {
        using var zip = new ZipArchive(new MemoryStream(package), ZipArchiveMode.Read);
        if (zip.GetEntry($"models/{FileName(model)}") is not { } entry) return null;
        using var stream = entry.Open();
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return ProfileFormat.FromBytes(memory.ToArray(), $"{source}/models/{FileName(model)}");
    }

    /// <summary>The profile in a folder (or its models/ subfolder) beside the model, or null.</summary>
    /// <exception cref="InvalidDataException">The profile is there but not readable.</exception>
    public static ScoringProfile? FromFolder(string folder, string model)
    {
        foreach (var candidate in new[] { Path.Combine(folder, "models", FileName(model)), Path.Combine(folder, FileName(model)) })
            if (File.Exists(candidate)) return ProfileFormat.Read(candidate);
        return null;
    }
}
