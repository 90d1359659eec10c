using System.Buffers;
using System.Text.Json;
using System.Threading.Channels;

namespace MLOps.Runtime.Monitoring;

/// <summary>
/// Writes sampled scored rows to JSON Lines files (docs/monitoring.md, "Formats") on a background task. The scoring
/// thread only copies the row into a pooled record and offers it to a bounded queue: when the writer falls behind the
/// record is dropped and counted (<see cref="DroppedRecords"/>), so scoring never waits for the disk.
/// </summary>
public sealed class PredictionLog : IAsyncDisposable
{
    private readonly PredictionLogOptions _options;
    private readonly ProfiledModel _model;
    private readonly IReadOnlyList<InputSpec> _inputs;
    private readonly JsonEncodedText[] _names;
    private readonly Sampler _sampler;
    private readonly Channel<Pending> _queue;
    private readonly Stack<Pending> _pool;
    private readonly Task _writer;
    private long _dropped, _written, _sequence;
    private Stream? _file;
    private long _fileBytes;

    /// <summary>How long the writer waits after catching up: with the default queue, room for 800,000 records a second.</summary>
    private static readonly TimeSpan BatchInterval = TimeSpan.FromMilliseconds(10);

    /// <summary>The rows of a batch whose sampled ones go to the writer as one chain.</summary>
    private const int WindowRows = 1024;

    /// <summary>One sampled row on its way to the file (and the rest of its batch's chain), or (with <see cref="Flushed"/>) a request to flush.</summary>
    private sealed class Pending(int inputs, int outputs)
    {
        public readonly double[] Numbers = new double[inputs];
        public readonly string?[] Categories = new string?[inputs];
        public readonly double[] Outputs = new double[outputs];
        public DateTimeOffset Time;
        public string? Key;
        public TaskCompletionSource? Flushed;
        public Pending? Next;
    }

    internal PredictionLog(Model model, PredictionLogOptions options)
    {
        options.Check();
        _options = options;
        _model = ProfiledModel.Of(model.Document, options.Version);
        _inputs = model.Inputs;
        _names = PredictionLogFormat.Names(_inputs);
        _sampler = new Sampler(options.SampleRate, options.SamplingSeed);
        Directory.CreateDirectory(options.Folder);
        _pool = new Stack<Pending>(options.QueueCapacity);
        for (var i = 0; i < options.QueueCapacity; i++) _pool.Push(new Pending(_inputs.Count, model.ClassCount));
        // One more place than records, for a flush request.
        _queue = Channel.CreateBounded<Pending>(new BoundedChannelOptions(options.QueueCapacity + 1) { SingleReader = true });
        _writer = Task.Run(WriteAsync);
    }

    /// <summary>Sampled rows dropped because the writer had fallen behind (or could not write).</summary>
    public long DroppedRecords => Interlocked.Read(ref _dropped);

    /// <summary>Records written to files.</summary>
    public long WrittenRecords => Interlocked.Read(ref _written);

    /// <summary>The last error writing a file (the records it concerned are counted as dropped), or null.</summary>
    public Exception? LastError { get; private set; }

    /// <summary>Offers a scored row (numbers, categories by input index) to the log, if sampled. Never blocks.</summary>
    internal void Offer(ModelRow row, ReadOnlySpan<double> outputs, string? key)
    {
        if (_sampler.Never || !_sampler.Next()) return;
        Enqueue(row, outputs, key ?? _options.CorrelationKey?.Invoke(row), _options.Clock.GetUtcNow());
    }

    /// <summary>
    /// Offers a scored batch (<paramref name="width"/> outputs a row): the rows are numbered with one interlocked add and
    /// stamped with one clock read, and each window of rows takes its records from the pool with one lock and hands them
    /// to the writer as one chain, so a batch pays per row only the sampling hash and per sampled row only the copy.
    /// Taking records and queueing them one by one cost the scorer more than the copies: every lock and queue slot is a
    /// cache line the writer thread, on the other core, has just written. Never blocks.
    /// </summary>
    internal void OfferBatch(ReadOnlySpan<ModelRow> rows, ReadOnlySpan<double> outputs, int width)
    {
        var sampler = _sampler;
        if (sampler.Never || rows.Length == 0) return;
        var first = sampler.Reserve(rows.Length);
        Span<int> sampled = stackalloc int[WindowRows];
        DateTimeOffset? time = null;
        for (var start = 0; start < rows.Length; start += WindowRows)
        {
            var count = 0;
            for (var r = start; r < Math.Min(rows.Length, start + WindowRows); r++)
                if (sampler.Sampled(first + (ulong)r)) sampled[count++] = r;
            if (count == 0) continue;
            time ??= _options.Clock.GetUtcNow();
            var chain = Take(count, out var taken);
            var record = chain;
            for (var i = 0; i < taken; i++, record = record!.Next)
            {
                var r = sampled[i];
                Fill(record!, rows[r], outputs.Slice(r * width, width), _options.CorrelationKey?.Invoke(rows[r]), time.Value);
            }
            if (taken < count) Interlocked.Add(ref _dropped, count - taken);
            if (chain is not null && !_queue.Writer.TryWrite(chain)) Interlocked.Add(ref _dropped, taken);
        }
    }

    /// <summary>Up to <paramref name="count"/> records from the pool (fewer when the writer has fallen behind), linked by <see cref="Pending.Next"/>.</summary>
    private Pending? Take(int count, out int taken)
    {
        Pending? chain = null;
        taken = 0;
        lock (_pool)
            for (; taken < count && _pool.TryPop(out var record); taken++)
            {
                record.Next = chain;
                chain = record;
            }
        return chain;
    }

    private void Enqueue(ModelRow row, ReadOnlySpan<double> outputs, string? key, DateTimeOffset time)
    {
        Pending? record;
        lock (_pool) _pool.TryPop(out record);
        if (record is null)
        {
            Interlocked.Increment(ref _dropped);
            return;
        }
        Fill(record, row, outputs, key, time);
        // The pool holds no more records than the queue has places, so this fails only once the log is closed.
        if (!_queue.Writer.TryWrite(record)) Interlocked.Increment(ref _dropped);
    }

    private static void Fill(Pending record, ModelRow row, ReadOnlySpan<double> outputs, string? key, DateTimeOffset time)
    {
        row.Numbers.CopyTo(record.Numbers, 0);
        row.Categories.CopyTo(record.Categories, 0);
        outputs.CopyTo(record.Outputs);
        record.Time = time;
        record.Key = key;
    }

    /// <summary>Waits until every record offered before the call is written and flushed to its file.</summary>
    public Task FlushAsync(CancellationToken cancel = default)
    {
        var flush = new Pending(0, 0) { Flushed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        return WriteThenWait(flush, cancel);
    }

    private async Task WriteThenWait(Pending flush, CancellationToken cancel)
    {
        await _queue.Writer.WriteAsync(flush, cancel).ConfigureAwait(false);
        await flush.Flushed!.Task.WaitAsync(cancel).ConfigureAwait(false);
    }

    /// <summary>Writes what is queued, then closes the file.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
    }

    private async Task WriteAsync()
    {
        var line = new ArrayBufferWriter<byte>(4096);
        using var json = new Utf8JsonWriter(line, PredictionLogFormat.Options);
        var reader = _queue.Reader;
        try
        {
            while (await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                while (reader.TryRead(out var record))
                {
                    if (record.Flushed is { } flushed)
                    {
                        Flush();
                        flushed.TrySetResult();
                        continue;
                    }
                    // Counted once a chain: a counter written per record would share a cache line with the fields the scorer reads.
                    var written = 0;
                    for (var next = record; next is not null; next = next.Next)
                    {
                        line.Clear();
                        json.Reset();
                        PredictionLogFormat.Write(json, next.Time, _model, next.Key, _names, _inputs, next.Numbers, next.Categories, next.Outputs);
                        json.Flush();
                        next.Key = null;
                        line.Write("\n"u8);
                        if (Append(line.WrittenSpan)) written++;
                    }
                    Interlocked.Add(ref _written, written);
                    Return(record);
                }
                // Caught up: what is written reaches the file. Then a pause, so that records come in batches: waking the
                // writer for each one would cost the scoring threads a hand-over per record.
                Flush();
                await Task.Delay(BatchInterval).ConfigureAwait(false);
            }
        }
        finally
        {
            _file?.Dispose();
        }
    }

    /// <summary>Puts a chain's records back in the pool, with one lock.</summary>
    private void Return(Pending chain)
    {
        lock (_pool)
            for (Pending? record = chain, next; record is not null; record = next)
            {
                next = record.Next;
                record.Next = null;
                _pool.Push(record);
            }
    }

    /// <summary>Appends a line to the current file (starting one as needed); false when it could not be written (counted as dropped).</summary>
    private bool Append(ReadOnlySpan<byte> line)
    {
        try
        {
            if (_file is not null && _fileBytes > 0 && _fileBytes + line.Length > _options.MaxFileBytes)
            {
                _file.Dispose();
                _file = null;
            }
            if (_file is null)
            {
                _file = _options.OpenFile(Path.Combine(_options.Folder, PredictionLogFormat.FileName(_model.Name, _options.Clock.GetUtcNow(), ++_sequence)));
                _fileBytes = 0;
                Prune();
            }
            _file.Write(line);
            _fileBytes += line.Length;
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LastError = e;
            Interlocked.Increment(ref _dropped);
            _file?.Dispose();
            _file = null; // the next record tries a new file
            return false;
        }
    }

    private void Flush()
    {
        try
        {
            _file?.Flush();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LastError = e;
        }
    }

    /// <summary>Deletes this model's oldest log files beyond <see cref="PredictionLogOptions.MaxFiles"/> (the new one included).</summary>
    private void Prune()
    {
        var files = Directory.GetFiles(_options.Folder, _model.Name + "-*" + PredictionLogFormat.Extension)
            .OrderBy(Path.GetFileName, StringComparer.Ordinal).ToArray();
        foreach (var old in files.Take(Math.Max(0, files.Length - _options.MaxFiles))) File.Delete(old);
    }
}
