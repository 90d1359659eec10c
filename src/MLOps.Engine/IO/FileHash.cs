using System.Security.Cryptography;

namespace MLOps.Engine.IO;

/// <summary>Lowercase hex SHA-256: how fingerprints, build records and lineages name a file's content.</summary>
public static class FileHash
{
    /// <summary>The SHA-256 of a file's bytes, read sequentially.</summary>
    public static string Sha256Of(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return Sha256Of(stream);
    }

    /// <summary>The SHA-256 of a stream's remaining bytes.</summary>
    public static string Sha256Of(Stream stream) => Convert.ToHexString(SHA256.HashData(stream)).ToLowerInvariant();

    /// <summary>The SHA-256 of bytes already in memory.</summary>
    public static string Sha256Of(ReadOnlySpan<byte> bytes) => Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant();
}
