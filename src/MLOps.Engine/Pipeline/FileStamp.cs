namespace MLOps.Engine.Pipeline;

/// <summary>
/// A file's size and last write time, recorded beside its SHA-256 so that a build can trust the recorded hash
/// without reading the file again while both are unchanged (docs/incremental.md: what this trusts, and why).
/// </summary>
internal static class FileStamp
{
    /// <summary>"size:last-write-ticks (UTC)", or null when the file does not exist.</summary>
    public static string? Of(string path)
    {
        var info = new FileInfo(path);
        return info.Exists ? $"{info.Length}:{info.LastWriteTimeUtc.Ticks}" : null;
    }
}
