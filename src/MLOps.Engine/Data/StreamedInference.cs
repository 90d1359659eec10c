using System.Buffers;
using MLOps.Engine.Diagnostics;

namespace MLOps.Engine.Data;

/// <summary>
/// Type inference's counts for one file, taken from the blocks another pass (the fingerprint's hash) reads in file
/// order, so that inference need not read the file again. Blocks are cut after their last newline and each is counted
/// on a worker, as <see cref="CsvChunks"/> counts its ranges; the counts add up to one pass's whatever the cuts. Where a
/// plain pass could read differently (a quote, as a field may hold a newline; a malformed record; an unusable header)
/// it gives up, and inference reads the file itself and reports what it finds.
/// </summary>
internal sealed class StreamedInference(string path)
{
    private readonly Queue<Task<TypeInference.Stats[]?>> _pending = new();
    private readonly int _window = Math.Max(1, Environment.ProcessorCount); // blocks counted at once: bounds memory
    private byte[] _carry = new byte[1 << 16]; // the start of a line the next block ends
    private int _carryLength;
    private string[]? _header;
    private TypeInference.Stats[]? _totals;
    private bool _gaveUp;

    /// <summary>Counts the next bytes of the file.</summary>
    public void Add(ReadOnlySpan<byte> block)
    {
        if (_gaveUp) return;
        var lastNewline = block.LastIndexOf((byte)'\n');
        if (lastNewline >= 0)
        {
            var lines = Rent(_carryLength + lastNewline + 1);
            _carry.AsSpan(0, _carryLength).CopyTo(lines);
            block[..(lastNewline + 1)].CopyTo(lines.AsSpan(_carryLength));
            var length = _carryLength + lastNewline + 1;
            _carryLength = 0;
            Count(lines, length);
            block = block[(lastNewline + 1)..];
        }
        if (_carryLength + block.Length > _carry.Length) Array.Resize(ref _carry, Math.Max(2 * _carry.Length, _carryLength + block.Length));
        block.CopyTo(_carry.AsSpan(_carryLength));
        _carryLength += block.Length;
    }

    /// <summary>The file's counts once all its bytes were added, or null when it gave up.</summary>
    public TypeInference.Counts? Complete()
    {
        if (!_gaveUp && (_header is null || _carryLength > 0))
        {
            var last = Rent(_carryLength);
            _carry.AsSpan(0, _carryLength).CopyTo(last);
            Count(last, _carryLength); // a last line without a newline, or a file without one
        }
        while (_pending.Count > 0) Merge(_pending.Dequeue().GetAwaiter().GetResult());
        return _gaveUp || _header is null ? null : new TypeInference.Counts(_header, _totals!);
    }

    private static byte[] Rent(int length) => ArrayPool<byte>.Shared.Rent(Math.Max(1, length));

    /// <summary>Counts whole lines; the first call reads the header from them. Takes <paramref name="lines"/> back to the pool.</summary>
    private void Count(byte[] lines, int length)
    {
        if (_header is null)
        {
            try
            {
                var bag = new DiagnosticBag();
                using var reader = new CsvReader(new MemoryStream(lines, 0, length, writable: false), path, bag);
                _header = CsvHeader.Read(reader, bag);
                if (_header is null) _gaveUp = true;
                else Merge(Observe(reader, _header.Length, bag));
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(lines);
            }
            return;
        }
        while (_pending.Count >= _window) Merge(_pending.Dequeue().GetAwaiter().GetResult());
        var columns = _header.Length;
        _pending.Enqueue(Task.Run(() =>
        {
            try
            {
                var bag = new DiagnosticBag();
                using var reader = CsvReader.OverBody(new MemoryStream(lines, 0, length, writable: false), path, bag);
                return Observe(reader, columns, bag);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(lines);
            }
        }));
    }

    private static TypeInference.Stats[]? Observe(CsvReader reader, int columns, DiagnosticBag bag)
    {
        var stats = Enumerable.Range(0, columns).Select(_ => new TypeInference.Stats()).ToArray();
        TypeInference.Observe(reader, columns, stats);
        return reader.Failed || reader.SawQuote || bag.Items.Count > 0 ? null : stats;
    }

    private void Merge(TypeInference.Stats[]? part)
    {
        if (part is null) _gaveUp = true;
        if (_gaveUp) return;
        if (_totals is null) _totals = part;
        else for (var i = 0; i < _totals.Length; i++) _totals[i].Add(part![i]);
    }
}
