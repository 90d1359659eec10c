using System.Buffers;
using MLOps.Engine.Diagnostics;

namespace MLOps.Engine.Data;

/// <summary>
/// Reads a CSV file's body on several cores: the body is cut into fixed-size byte ranges, each range is read by its
/// own <see cref="CsvReader"/> into its own result, and the results are handed back in file order. The ranges
/// depend on the file alone, never on the thread count, so whatever is built from the results is the same on any
/// machine. Cutting at newlines is exact only for text without quotes (a quoted field may hold a newline); when any
/// range sees a quote, the caller reads the file in one range instead.
/// </summary>
internal static class CsvChunks
{
    /// <summary>Bytes per range: large enough that opening a range costs nothing, small enough to balance two cores.</summary>
    public const long DefaultRangeBytes = 8 << 20;

    /// <summary>What one range gave: the caller's result, its own diagnostics (lines counted from the range's start) and how its reading ended.</summary>
    private sealed record Part<T>(T Result, DiagnosticBag Diagnostics, int LinesConsumed, bool Failed, bool SawQuote);

    /// <summary>Whether a body of <paramref name="bodyBytes"/> is read in ranges: more than one range, and more than one thread to read them.</summary>
    public static bool WorthSplitting(long bodyBytes, int threads, long rangeBytes = DefaultRangeBytes) => threads > 1 && bodyBytes > rangeBytes;

    /// <summary>The lines of the body from <paramref name="bodyStart"/> (a last line without a newline counts): at least as many as its records.</summary>
    public static int CountLines(DataFile file, long bodyStart)
    {
        // The fingerprint counted the whole file's newlines as it hashed it: only the header's are left to count.
        var (lines, _, endsWithNewline) = HeldFiles.NewlinesOf(file.FullPath) is { } counted && bodyStart < new FileInfo(file.FullPath).Length
            ? (counted.Newlines - ScanLines(file, 0, bodyStart).Lines, 0, counted.EndsWithNewline)
            : ScanLines(file, bodyStart, long.MaxValue);
        return (int)Math.Min(int.MaxValue, lines + (endsWithNewline ? 0 : 1));
    }

    /// <summary>
    /// About how many records the body holds, from the lines in its first megabyte: enough to size a sample, and
    /// the same on every machine.
    /// </summary>
    public static double EstimateRows(DataFile file, long bodyStart)
    {
        var bodyBytes = new FileInfo(file.FullPath).Length - bodyStart;
        var (lines, scanned, _) = ScanLines(file, bodyStart, 1 << 20);
        return scanned == 0 ? 0 : (double)bodyBytes * Math.Max(1, lines) / scanned;
    }

    /// <summary>Newlines in the first <paramref name="limit"/> bytes of the body, the bytes looked at, and whether the last of them was a newline.</summary>
    private static (long Lines, long Bytes, bool EndsWithNewline) ScanLines(DataFile file, long bodyStart, long limit)
    {
        using var stream = HeldFiles.Open(file.FullPath, 1);
        stream.Position = bodyStart;
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        long lines = 0, bytes = 0;
        var last = (byte)'\n';
        int read;
        while (bytes < limit && (read = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, limit - bytes))) > 0)
        {
            lines += buffer.AsSpan(0, read).Count((byte)'\n');
            bytes += read;
            last = buffer[read - 1];
        }
        ArrayPool<byte>.Shared.Return(buffer);
        return (lines, bytes, last == (byte)'\n');
    }

    /// <summary>
    /// Reads the body after the header <paramref name="reader"/> has read in ranges, up to <paramref name="threads"/>
    /// at once (the calling thread is one of them), and calls <paramref name="merge"/> on each range's result in file
    /// order, one at a time, with the lines before the range. The ranges' diagnostics go to
    /// <paramref name="diagnostics"/> at their lines, as one pass would report them. False, having reported nothing,
    /// when the body is not worth splitting or holds a quote: the caller reads it in one pass with
    /// <paramref name="reader"/> (whatever was merged must then be thrown away). <paramref name="failed"/> tells
    /// whether a record could not be read, which ends the file as it does for one reader.
    /// </summary>
    public static bool TryRead<T>(DataFile file, CsvReader reader, int threads, Func<CsvReader, DiagnosticBag, T> read, Action<T, int> merge, DiagnosticBag diagnostics,
        out bool failed, long rangeBytes = DefaultRangeBytes)
    {
        failed = false;
        var (bodyStart, bodyLine) = (reader.NextRecordOffset, reader.NextLine);
        var length = new FileInfo(file.FullPath).Length;
        if (!WorthSplitting(length - bodyStart, threads, rangeBytes)) return false;
        var ranges = (int)((length - bodyStart + rangeBytes - 1) / rangeBytes);
        var staged = new DiagnosticBag(diagnostics.MaxPerCode); // reported only if the split stands
        var anyFailed = false;
        var workers = Math.Clamp(threads, 1, Math.Max(1, ranges));
        var window = 2 * workers; // parts read but not yet merged: bounds memory when one range is slow
        var gate = new object();
        var pending = new Dictionary<int, Part<T>>();
        int nextToRead = 0, nextToMerge = 0, line = bodyLine;
        bool stop = false, sawQuote = false;

        Part<T> ReadRange(int index)
        {
            var bag = new DiagnosticBag(diagnostics.MaxPerCode);
            var from = bodyStart + index * rangeBytes;
            using var range = CsvReader.OpenRange(file, bodyStart, from, Math.Min(length, from + rangeBytes), bag);
            var result = read(range, bag);
            return new Part<T>(result, bag, range.LinesConsumed, range.Failed, range.SawQuote);
        }

        // Every worker, the calling thread among them, takes the next range, reads it, and merges whatever parts
        // are next in file order; merging happens under the lock, one part at a time, while the others read.
        void Work()
        {
            try
            {
                while (true)
                {
                    int index;
                    lock (gate)
                    {
                        while (!stop && nextToRead < ranges && nextToRead >= nextToMerge + window) Monitor.Wait(gate);
                        if (stop || nextToRead >= ranges) return;
                        index = nextToRead++;
                    }
                    var part = ReadRange(index);
                    lock (gate)
                    {
                        pending[index] = part;
                        while (!stop && pending.Remove(nextToMerge, out var next))
                        {
                            if (next.SawQuote)
                            {
                                stop = sawQuote = true;
                                break;
                            }
                            staged.Absorb(next.Diagnostics, line - 1);
                            merge(next.Result, line - 1);
                            line += next.LinesConsumed;
                            nextToMerge++;
                            anyFailed |= next.Failed;
                            stop |= next.Failed; // an unreadable record ends the file, as it does for one reader
                        }
                        Monitor.PulseAll(gate);
                    }
                }
            }
            catch
            {
                lock (gate)
                {
                    stop = true;
                    Monitor.PulseAll(gate);
                }
                throw;
            }
        }

        var helpers = Enumerable.Range(0, workers - 1).Select(_ => Task.Run(Work)).ToArray();
        try
        {
            Work();
        }
        finally
        {
            try { Task.WaitAll(helpers); }
            catch (AggregateException e) when (e.InnerExceptions.Count > 0) { System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw(); }
        }
        if (sawQuote) return false;
        diagnostics.Absorb(staged, 0);
        failed = anyFailed;
        return true;
    }
}
