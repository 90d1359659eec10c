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

    /// <summary>One sampled row on its way to the file, or (with <see cref="Flushed"/>) a request to flush.</summary>
    private sealed class Pending(int inputs, int outputs)
    {
        public readonly double[] Numbers = new double[inputs];
        public readonly string?[] Categories = new string?[inputs];
        public readonly double[] Outputs = new double[outputs];
        public DateTimeOffset Time;
        public string? Key;
        public TaskCompletionSource? Flushed;
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
    /// stamped with one clock read, so a batch pays per row only the sampling hash. Never blocks.
    /// </summary>
    internal void OfferBatch(ReadOnlySpan<ModelRow> rows, ReadOnlySpan<double> outputs, int width)
    {
        if (_sampler.Never || rows.Length == 0) return;
        var first = _sampler.Reserve(rows.Length);
        DateTimeOffset? time = null;
        for (var r = 0; r < rows.Length; r++)
        {
            if (!_sampler.Sampled(first + (ulong)r)) continue;
            time ??= _options.Clock.GetUtcNow();
            Enqueue(rows[r], outputs.Slice(r * width, width), _options.CorrelationKey?.Invoke(rows[r]), time.Value);
        }
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
        row.Numbers.CopyTo(record.Numbers, 0);
        row.Categories.CopyTo(record.Categories, 0);
        outputs.CopyTo(record.Outputs);
        record.Time = time;
        record.Key = key;
        // The pool holds no more records than the queue has places, so this fails only once the log is closed.
        if (!_queue.Writer.TryWrite(record)) Interlocked.Increment(ref _dropped);
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
                    line.Clear();
                    json.Reset();
                    PredictionLogFormat.Write(json, record.Time, _model, record.Key, _names, _inputs, record.Numbers, record.Categories, record.Outputs);
                    json.Flush();
                    record.Key = null;
                    lock (_pool) _pool.Push(record);
                    line.Write("\n"u8);
                    Append(line.WrittenSpan);
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

    private void Append(ReadOnlySpan<byte> line)
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
            Interlocked.Increment(ref _written);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LastError = e;
            Interlocked.Increment(ref _dropped);
            _file?.Dispose();
            _file = null; // the next record tries a new file
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
