using System.Buffers;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using MLOps.Engine.IO;

namespace MLOps.Engine.Data;

/// <summary>
/// Data files a build keeps in memory, so that it reads each from disk once: the first reader (the fingerprint, or
/// the first parsing pass when the fingerprint could trust the build record) reads the whole file, and every later
/// pass (contract checks, type inference, loading) reads memory. Only files up to <see cref="MaxHeldBytes"/> are
/// kept; larger ones are read from disk by each pass. A kept file stands for the file on disk only while its size and
/// last write time are those it had when it was read; after that, readers go to the disk.
/// </summary>
public sealed class HeldFiles : IDisposable
{
    /// <summary>Files larger than this are not kept: their memory would cost more than reading them again.</summary>
    public const long MaxHeldBytes = 64L << 20;

    private static readonly ConcurrentDictionary<string, Held> All = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, Counted> Counts = new(StringComparer.Ordinal);

    private sealed record Counted(long Length, DateTime LastWriteUtc, long Newlines, bool EndsWithNewline, TypeInference.Counts? Types, HeldFiles Owner);

    /// <summary>Keeps the file at <paramref name="path"/> in memory, from its first read until this build ends.</summary>
    public void Hold(string path)
    {
        var info = new FileInfo(path);
        if (info.Exists && info.Length <= MaxHeldBytes) All[path] = new Held(path, this);
    }

    /// <summary>
    /// Lowercase hex SHA-256 of the file, which stays in memory for the rest of this build when it is small enough and
    /// <paramref name="keep"/> is true. A file read from disk has its newlines counted in the same read, so loading it
    /// need not read it once more to size its columns (<see cref="NewlinesOf"/>); with <paramref name="inferTypes"/>, the
    /// same read counts what type inference needs (<see cref="TypeCountsOf"/>), so inference need not read it either.
    /// </summary>
    public string Sha256Of(string path, bool keep = true, bool inferTypes = false)
    {
        if (keep) Hold(path);
        if (BytesOf(path) is { } bytes) return FileHash.Sha256Of(bytes);
        var info = new FileInfo(path);
        var (length, lastWrite) = (info.Length, info.LastWriteTimeUtc); // before reading: a write while reading shows as a change
        using var stream = Open(path, 1 << 16);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        var types = inferTypes ? new StreamedInference(path) : null;
        long newlines = 0, total = 0;
        var last = (byte)'\n';
        for (int read; (read = stream.Read(buffer, 0, buffer.Length)) > 0; total += read)
        {
            hash.AppendData(buffer, 0, read);
            newlines += buffer.AsSpan(0, read).Count((byte)'\n');
            types?.Add(buffer.AsSpan(0, read));
            last = buffer[read - 1];
        }
        ArrayPool<byte>.Shared.Return(buffer);
        var typeCounts = types?.Complete();
        if (total == length) Counts[path] = new Counted(length, lastWrite, newlines, last == (byte)'\n', typeCounts, this);
        return Convert.ToHexString(hash.GetHashAndReset()).ToLowerInvariant();
    }

    /// <summary>The newlines in the whole file and whether it ends with one, as the fingerprint counted them; null when it did not or the file changed since.</summary>
    internal static (long Newlines, bool EndsWithNewline)? NewlinesOf(string path) =>
        Unchanged(path) is { } counted ? (counted.Newlines, counted.EndsWithNewline) : null;

    /// <summary>What type inference would count reading the file, as the fingerprint counted it; null when it did not or the file changed since.</summary>
    internal static TypeInference.Counts? TypeCountsOf(string path) => Unchanged(path)?.Types;

    private static Counted? Unchanged(string path)
    {
        if (!Counts.TryGetValue(path, out var counted)) return null;
        var info = new FileInfo(path);
        return info.Exists && info.Length == counted.Length && info.LastWriteTimeUtc == counted.LastWriteUtc ? counted : null;
    }

    /// <summary>
    /// Lets go of the bytes of <paramref name="paths"/> kept by this build: a table loaded from them stands for them from
    /// now on, and keeping both would double the memory they take. A later pass reads them from disk.
    /// </summary>
    public void Release(IEnumerable<string> paths)
    {
        foreach (var path in paths)
            if (All.TryGetValue(path, out var held) && held.Owner == this) All.TryRemove(KeyValuePair.Create(path, held));
    }

    /// <summary>Opens a data file for reading: from memory when a build holds it and it is unchanged on disk.</summary>
    internal static Stream Open(string path, int bufferSize) =>
        BytesOf(path) is { } bytes
            ? new MemoryStream(bytes, writable: false)
            : new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize, FileOptions.SequentialScan);

    private static byte[]? BytesOf(string path) => All.TryGetValue(path, out var held) ? held.Bytes() : null;

    /// <summary>Lets go of the files this build kept.</summary>
    public void Dispose()
    {
        foreach (var (path, held) in All)
            if (held.Owner == this) All.TryRemove(KeyValuePair.Create(path, held));
        foreach (var (path, counted) in Counts)
            if (counted.Owner == this) Counts.TryRemove(KeyValuePair.Create(path, counted));
    }

    private sealed class Held(string path, HeldFiles owner)
    {
        private byte[]? _bytes;
        private long _length;
        private DateTime _lastWriteUtc;
        private readonly object _gate = new();

        public HeldFiles Owner => owner;

        /// <summary>The file's bytes, read on first use; null once the file on disk is no longer the one read.</summary>
        public byte[]? Bytes()
        {
            lock (_gate)
            {
                var info = new FileInfo(path);
                if (_bytes is not null) return info.Exists && info.Length == _length && info.LastWriteTimeUtc == _lastWriteUtc ? _bytes : null;
                if (!info.Exists || info.Length > MaxHeldBytes) return null;
                var (length, lastWrite) = (info.Length, info.LastWriteTimeUtc); // before reading: a write while reading shows as a change
                var bytes = File.ReadAllBytes(path);
                if (bytes.LongLength != length) return null;
                (_bytes, _length, _lastWriteUtc) = (bytes, length, lastWrite);
                return _bytes;
            }
        }
    }
}
