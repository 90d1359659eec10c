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
    public sealed record Part<T>(T Result, DiagnosticBag Diagnostics, int LinesConsumed, bool Failed, bool SawQuote);

    /// <summary>The lines of the body from <paramref name="bodyStart"/> (a last line without a newline counts): at least as many as its records.</summary>
    public static int CountLines(DataFile file, long bodyStart)
    {
        using var stream = new FileStream(file.FullPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        stream.Position = bodyStart;
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        long lines = 0;
        var last = (byte)'\n';
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            lines += buffer.AsSpan(0, read).Count((byte)'\n');
            last = buffer[read - 1];
        }
        ArrayPool<byte>.Shared.Return(buffer);
        return (int)Math.Min(int.MaxValue, lines + (last == (byte)'\n' ? 0 : 1));
    }

    /// <summary>
    /// About how many records the body holds, from the lines in its first megabyte: enough to size a sample, and
    /// the same on every machine.
    /// </summary>
    public static double EstimateRows(DataFile file, long bodyStart)
    {
        using var stream = new FileStream(file.FullPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
        var bodyBytes = stream.Length - bodyStart;
        stream.Position = bodyStart;
        var head = new byte[(int)Math.Min(bodyBytes, 1 << 20)];
        stream.ReadExactly(head);
        var lines = Math.Max(1, head.AsSpan().Count((byte)'\n'));
        return head.Length == 0 ? 0 : (double)bodyBytes * lines / head.Length;
    }


    /// <summary>
    /// Reads [<paramref name="bodyStart"/>, end of file) range by range, up to <paramref name="threads"/> at once (the
    /// calling thread is one of them), and calls <paramref name="merge"/> on each part in file order, one at a time,
    /// with the line the range starts on. Stops early, returning false, at the first part that saw a quote (whatever
    /// was merged before it must then be thrown away); stops after a part that failed (an unreadable record ends a
    /// file, as it does for one reader).
    /// </summary>
    public static bool TryRead<T>(DataFile file, long bodyStart, int bodyLine, int threads, Func<CsvReader, DiagnosticBag, T> read, Action<Part<T>, int> merge, int maxPerCode,
        long rangeBytes = DefaultRangeBytes)
    {
        var length = new FileInfo(file.FullPath).Length;
        var ranges = (int)((length - bodyStart + rangeBytes - 1) / rangeBytes);
        var workers = Math.Clamp(threads, 1, Math.Max(1, ranges));
        var window = 2 * workers; // parts read but not yet merged: bounds memory when one range is slow
        var gate = new object();
        var pending = new Dictionary<int, Part<T>>();
        int nextToRead = 0, nextToMerge = 0, line = bodyLine;
        bool stop = false, sawQuote = false;

        Part<T> ReadRange(int index)
        {
            var bag = new DiagnosticBag(maxPerCode);
            var from = bodyStart + index * rangeBytes;
            using var reader = CsvReader.OpenRange(file, bodyStart, from, Math.Min(length, from + rangeBytes), bag);
            var result = read(reader, bag);
            return new Part<T>(result, bag, reader.LinesConsumed, reader.Failed, reader.SawQuote);
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
                            merge(next, line);
                            line += next.LinesConsumed;
                            nextToMerge++;
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
        return !sawQuote;
    }
}
