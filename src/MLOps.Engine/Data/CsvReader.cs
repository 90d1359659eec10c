using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;
using MLOps.Engine.Diagnostics;

namespace MLOps.Engine.Data;

/// <summary>
/// Streaming RFC 4180 reader over UTF-8 bytes (BOM optional, CRLF or LF). Fields are exposed as byte spans into
/// its buffer, valid until the next <see cref="Read"/>. Where a field stands (line, character column) is worked
/// out only when someone asks, so reading stays a scan for separators.
/// Malformed records are reported to the <see cref="DiagnosticBag"/> and skipped; an unterminated quote or invalid
/// UTF-8 ends the read (<see cref="Failed"/>).
/// </summary>
public sealed class CsvReader : IDisposable
{
    private const int InitialBufferSize = 1 << 20;
    private static readonly SearchValues<byte> FieldEnds = SearchValues.Create(","u8.ToArray().Concat("\n"u8.ToArray()).ToArray());

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    private readonly Stream _stream;
    private readonly DiagnosticBag _diagnostics;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(InitialBufferSize + FastNumber.Padding); // the tail stays unread: numbers may load past a field's end
    private int _start;
    private int _end;
    private bool _eof;
    private long _bufferFileOffset;
    private bool _atFileStart = true;
    private bool _skipPartialLine;
    private readonly long _stopAt = long.MaxValue;
    private int _nextLine = 1;

    private Field[] _fields = new Field[64];
    private byte[] _scratch = new byte[256];
    private int _recordStart;

    private readonly record struct Field(int Start, int Length, bool Quoted, bool Escaped);

    private enum Outcome { Record, NeedMore, Skipped, Fatal, End }

    /// <summary>Reads from <paramref name="stream"/>, naming it <paramref name="displayPath"/> in diagnostics.</summary>
    public CsvReader(Stream stream, string displayPath, DiagnosticBag diagnostics)
    {
        _stream = stream;
        DisplayPath = displayPath;
        _diagnostics = diagnostics;
    }

    /// <summary>
    /// Reads the records of a byte range of a file's body: those that start at or after <paramref name="from"/> (when
    /// it falls inside a line, from the next line on) and before <paramref name="to"/>, the last one read to its end.
    /// Lines are counted from the range's first record (line 1); <see cref="LinesConsumed"/> tells the next range where
    /// it starts. Splitting at newlines is only right for text without quotes, so the reader notes any quote it sees
    /// (<see cref="SawQuote"/>).
    /// </summary>
    private CsvReader(Stream stream, string displayPath, DiagnosticBag diagnostics, long from, long to, bool skipPartialLine)
        : this(stream, displayPath, diagnostics)
    {
        _bufferFileOffset = from;
        _stopAt = to;
        _atFileStart = false;
        _skipPartialLine = skipPartialLine;
    }

    /// <summary>Opens a file for reading.</summary>
    public static CsvReader Open(DataFile file, DiagnosticBag diagnostics) =>
        new(HeldFiles.Open(file.FullPath, 1), file.DisplayPath, diagnostics);

    /// <summary>Reads records from <paramref name="stream"/>, which holds whole lines of a file's body (no header, no byte order mark).</summary>
    internal static CsvReader OverBody(Stream stream, string displayPath, DiagnosticBag diagnostics) =>
        new(stream, displayPath, diagnostics, 0, long.MaxValue, skipPartialLine: false);

    /// <summary>Opens the records of the file's byte range [<paramref name="from"/>, <paramref name="to"/>) (see the constructor); <paramref name="bodyStart"/> is where the first record after the header starts.</summary>
    internal static CsvReader OpenRange(DataFile file, long bodyStart, long from, long to, DiagnosticBag diagnostics)
    {
        var stream = HeldFiles.Open(file.FullPath, 1);
        var skip = from > bodyStart;
        stream.Position = skip ? from - 1 : from; // the byte before tells whether a line starts at `from`
        return new CsvReader(stream, file.DisplayPath, diagnostics, stream.Position, to, skip);
    }

    /// <summary>The name used in diagnostics.</summary>
    public string DisplayPath { get; }

    /// <summary>Where this reader reports malformed records.</summary>
    internal DiagnosticBag Diagnostics => _diagnostics;

    /// <summary>1-based line on which the next record starts.</summary>
    public int NextLine => _nextLine;

    /// <summary>Fields in the current record.</summary>
    public int FieldCount { get; private set; }

    /// <summary>1-based line on which the current record starts.</summary>
    public int RecordLine { get; private set; }

    /// <summary>Whether reading stopped at an error that makes the rest of the file unreadable.</summary>
    public bool Failed { get; private set; }

    /// <summary>Whether any record read so far holds a double quote.</summary>
    public bool SawQuote { get; private set; }

    /// <summary>Newlines consumed so far: records, blank lines and skipped rows, but not the partial line a range skips.</summary>
    public int LinesConsumed => _nextLine - 1;

    /// <summary>Byte offset in the file where the current record starts: a key for the record that does not depend on how the file is split.</summary>
    public long RecordOffset => _bufferFileOffset + _recordStart;

    /// <summary>Byte offset in the file where the next record starts.</summary>
    public long NextRecordOffset => _bufferFileOffset + _start;

    /// <summary>Advances to the next non-blank record. False at the end of the file or after a fatal error.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Read()
    {
        while (!Failed)
        {
            if (NextRecordOffset >= _stopAt) return false;
            switch (TryParseRecord())
            {
                case Outcome.Record:
                    if (FieldCount == 1 && _fields[0].Length == 0 && !_fields[0].Quoted) continue; // blank line
                    return true;
                case Outcome.NeedMore:
                    Fill();
                    break;
                case Outcome.Skipped:
                    break;
                case Outcome.Fatal:
                    Failed = true;
                    return false;
                case Outcome.End:
                    return false;
            }
        }
        return false;
    }

    /// <summary>The raw bytes of field <paramref name="index"/>, quotes removed and doubled quotes undone.</summary>
    public ReadOnlySpan<byte> GetField(int index)
    {
        var field = _fields[index];
        var raw = _buffer.AsSpan(field.Start, field.Length);
        if (!field.Escaped) return raw;
        if (_scratch.Length < raw.Length) _scratch = new byte[raw.Length * 2];
        var n = 0;
        for (var i = 0; i < raw.Length; i++)
        {
            _scratch[n++] = raw[i];
            if (raw[i] == (byte)'"') i++; // "" stands for one quote
        }
        return _scratch.AsSpan(0, n);
    }

    /// <summary>Field <paramref name="index"/> as a string.</summary>
    public string GetString(int index) => Encoding.UTF8.GetString(GetField(index));

    /// <summary>Field <paramref name="index"/> as a number (invariant culture, as the loader reads numbers).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryGetDouble(int index, out double value)
    {
        var field = _fields[index];
        if (field.Escaped) return ValueParsing.TryParseNumber(GetField(index), out value);
        return FastNumber.TryParsePadded(ref _buffer[field.Start], field.Length, out value) ||
            ValueParsing.TryParseAnyNumber(_buffer.AsSpan(field.Start, field.Length), out value);
    }

    /// <summary>
    /// Fields <paramref name="indices"/> of the current record as numbers, by the fast parser alone: NaN where a field
    /// is empty, escaped, missing or not a plain decimal without exponent (the caller takes those one by one with
    /// <see cref="TryGetDouble"/>). One call a record instead of one a field.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void ParsePlainNumbers(ReadOnlySpan<int> indices, Span<double> values)
    {
        var fields = _fields.AsSpan(0, FieldCount);
        ref var origin = ref MemoryMarshal.GetArrayDataReference(_buffer);
        for (var k = 0; k < indices.Length; k++)
        {
            var i = indices[k];
            values[k] = (uint)i < (uint)fields.Length && fields[i] is { Escaped: false } field ? PlainNumber(ref Unsafe.Add(ref origin, field.Start), field.Length) : double.NaN;
        }
    }

    // A call of its own: inlined into a loop, the parser's many live values would push the loop's own to the stack.
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static double PlainNumber(ref byte start, int length) => FastNumber.TryParsePlainDecimal(ref start, length, out var value) ? value : double.NaN;

    /// <summary>Whether field <paramref name="index"/> is empty (a missing value).</summary>
    public bool IsEmpty(int index) => _fields[index].Length == 0;

    /// <summary>
    /// The 1-based line and character column where field <paramref name="index"/> starts (at its opening quote
    /// if quoted), counting lines inside multi-line quoted fields.
    /// </summary>
    public (int Line, int Column) Locate(int index)
    {
        var field = _fields[index];
        var fieldStart = field.Quoted ? field.Start - 1 : field.Start;
        return LocateOffset(fieldStart);
    }

    private (int Line, int Column) LocateOffset(int bufferOffset)
    {
        var line = RecordLine;
        var column = 1;
        for (var i = _recordStart; i < bufferOffset; i++)
        {
            var b = _buffer[i];
            if (b == (byte)'\n') { line++; column = 1; }
            else if ((b & 0xC0) != 0x80) column++; // count characters, not UTF-8 continuation bytes
        }
        return (line, column);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Outcome TryParseRecord()
    {
        if (_atFileStart)
        {
            if (_end - _start < 3 && !_eof) return Outcome.NeedMore;
            if (_buffer.AsSpan(_start, _end - _start).StartsWith(Utf8Bom)) _start += 3;
            _atFileStart = false;
        }
        if (_skipPartialLine)
        {
            var newline = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (newline < 0)
            {
                if (!_eof) return Outcome.NeedMore;
                _start = _end;
                return Outcome.End;
            }
            _start += newline + 1; // the rest of a line that starts in the previous range, which reads it
            _skipPartialLine = false;
            return Outcome.Skipped;
        }
        var buffer = _buffer;
        var p = _start;
        var count = 0;
        if (p == _end && _eof) return Outcome.End;
        if (TryParsePlainRecord(p) is { } plain) return plain;
        if (_eof && !SawQuote) SawQuote = buffer.AsSpan(p, _end - p).Contains((byte)'"'); // a last line without a newline
        while (true)
        {
            if (p == _end)
            {
                if (!_eof) return Outcome.NeedMore;
                AddField(ref count, p, 0, false, false); // a trailing comma at the end of the file
                return Complete(count, p, p);
            }
            if (buffer[p] == (byte)'"')
            {
                SawQuote = true;
                var q = p + 1;
                var escaped = false;
                while (true)
                {
                    var at = buffer.AsSpan(q, _end - q).IndexOf((byte)'"');
                    if (at < 0)
                    {
                        if (!_eof) return Outcome.NeedMore;
                        return Fatal(p, DiagnosticCodes.UnterminatedQuote,
                            "A quoted field is never closed: the file ends inside it. Close the quote, or double any quote inside the field (\"\").");
                    }
                    q += at;
                    if (q + 1 == _end && !_eof) return Outcome.NeedMore; // cannot yet tell "" from a closing quote
                    if (q + 1 < _end && buffer[q + 1] == (byte)'"') { escaped = true; q += 2; continue; }
                    break;
                }
                AddField(ref count, p + 1, q - p - 1, true, escaped);
                p = q + 1;
                if (p == _end)
                {
                    if (!_eof) return Outcome.NeedMore;
                    return Complete(count, p, p);
                }
                var next = buffer[p];
                if (next == (byte)',') { p++; continue; }
                if (next == (byte)'\n') return Complete(count, p, p + 1);
                if (next == (byte)'\r')
                {
                    if (p + 1 == _end && !_eof) return Outcome.NeedMore;
                    if (p + 1 < _end && buffer[p + 1] == (byte)'\n') return Complete(count, p, p + 2);
                }
                return SkipMalformed(p, count);
            }
            var end = buffer.AsSpan(p, _end - p).IndexOfAny(FieldEnds);
            if (end < 0)
            {
                if (!_eof) return Outcome.NeedMore;
                var length = _end - p;
                if (length > 0 && buffer[_end - 1] == (byte)'\r') length--;
                AddField(ref count, p, length, false, false);
                return Complete(count, _end, _end);
            }
            var e = p + end;
            if (buffer[e] == (byte)',')
            {
                AddField(ref count, p, e - p, false, false);
                p = e + 1;
                continue;
            }
            var fieldEnd = e > p && buffer[e - 1] == (byte)'\r' ? e - 1 : e;
            AddField(ref count, p, fieldEnd - p, false, false);
            return Complete(count, fieldEnd, e + 1);
        }
    }

    /// <summary>
    /// The common case fast: a whole record already in the buffer with no quote in it is split at its commas by
    /// 32-byte compares (one bit per comma), instead of a search per field. Null when the record needs the full parser.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Outcome? TryParsePlainRecord(int p)
    {
        var buffer = _buffer;
        var newline = buffer.AsSpan(p, _end - p).IndexOf((byte)'\n');
        if (newline < 0) return null;
        if (buffer.AsSpan(p, newline).Contains((byte)'"'))
        {
            SawQuote = true;
            return null;
        }
        var lineEnd = p + newline;
        var contentEnd = lineEnd > p && buffer[lineEnd - 1] == (byte)'\r' ? lineEnd - 1 : lineEnd;
        var count = 0;
        var fieldStart = p;
        var at = p;
        if (Vector256.IsHardwareAccelerated)
        {
            var commas = Vector256.Create((byte)',');
            ref var origin = ref MemoryMarshal.GetArrayDataReference(buffer);
            for (; at + Vector256<byte>.Count <= contentEnd; at += Vector256<byte>.Count)
            {
                var mask = Vector256.Equals(Vector256.LoadUnsafe(ref origin, (nuint)at), commas).ExtractMostSignificantBits();
                while (mask != 0)
                {
                    var comma = at + BitOperations.TrailingZeroCount(mask);
                    AddField(ref count, fieldStart, comma - fieldStart, false, false);
                    fieldStart = comma + 1;
                    mask &= mask - 1;
                }
            }
        }
        for (; at < contentEnd; at++)
        {
            if (buffer[at] != (byte)',') continue;
            AddField(ref count, fieldStart, at - fieldStart, false, false);
            fieldStart = at + 1;
        }
        AddField(ref count, fieldStart, contentEnd - fieldStart, false, false);
        return Complete(count, contentEnd, lineEnd + 1);
    }

    private void AddField(ref int count, int start, int length, bool quoted, bool escaped)
    {
        if (count == _fields.Length) Array.Resize(ref _fields, _fields.Length * 2);
        _fields[count++] = new Field(start, length, quoted, escaped);
    }

    private Outcome Complete(int count, int recordEnd, int consumed)
    {
        _recordStart = _start;
        RecordLine = _nextLine;
        FieldCount = count;
        var bytes = _buffer.AsSpan(_start, consumed - _start);
        _nextLine += bytes.Count((byte)'\n');
        _start = consumed;
        if (!System.Text.Unicode.Utf8.IsValid(bytes)) return InvalidUtf8(bytes);
        return Outcome.Record;
    }

    private Outcome InvalidUtf8(ReadOnlySpan<byte> record)
    {
        var offset = 0;
        while (offset < record.Length && Rune.DecodeFromUtf8(record[offset..], out _, out var used) == OperationStatus.Done) offset += used;
        var (line, column) = LocateOffset(_recordStart + offset);
        var fileOffset = _bufferFileOffset + _recordStart + offset;
        _diagnostics.Error(DiagnosticCodes.InvalidUtf8,
            $"The file is not valid UTF-8: byte 0x{record[offset]:X2} at byte offset {fileOffset} does not start or continue a UTF-8 character. Save the file as UTF-8.",
            DisplayPath, line, column);
        return Outcome.Fatal;
    }

    private Outcome Fatal(int bufferOffset, string code, string message)
    {
        _recordStart = _start;
        RecordLine = _nextLine;
        var (line, column) = LocateOffset(bufferOffset);
        _diagnostics.Error(code, message, DisplayPath, line, column);
        return Outcome.Fatal;
    }

    /// <summary>Text after a closing quote: report it and resume at the next line.</summary>
    private Outcome SkipMalformed(int at, int fieldIndex)
    {
        var newline = _buffer.AsSpan(at, _end - at).IndexOf((byte)'\n');
        if (newline < 0 && !_eof) return Outcome.NeedMore;
        _recordStart = _start;
        RecordLine = _nextLine;
        var (line, column) = LocateOffset(at);
        _diagnostics.Error(DiagnosticCodes.TextAfterClosingQuote,
            $"Field {fieldIndex} has text after its closing quote. Quote the whole field and double any quote inside it (\"\"). The row is skipped.",
            DisplayPath, line, column);
        var consumed = newline < 0 ? _end : at + newline + 1;
        _nextLine += _buffer.AsSpan(_start, consumed - _start).Count((byte)'\n');
        _start = consumed;
        return Outcome.Skipped;
    }

    private void Fill()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _bufferFileOffset += _start;
            _end -= _start;
            _start = 0;
        }
        var capacity = _buffer.Length - FastNumber.Padding;
        if (_end == capacity) // one record larger than the buffer
        {
            var larger = ArrayPool<byte>.Shared.Rent(capacity * 2 + FastNumber.Padding);
            _buffer.AsSpan(0, _end).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }
        var read = _stream.Read(_buffer, _end, Math.Min(_buffer.Length - FastNumber.Padding - _end, RangeReadLimit()));
        if (read == 0) _eof = true;
        _end += read;
    }

    /// <summary>
    /// How many bytes the next read may take: a range's reader reads little past its range's end (only its last line
    /// crosses it), so the ranges together read the file about once, not once plus a buffer per range.
    /// </summary>
    private int RangeReadLimit()
    {
        const int LastLineStep = 64 << 10;
        var left = _stopAt - (_bufferFileOffset + _end);
        return left >= int.MaxValue - LastLineStep ? int.MaxValue : (int)Math.Max(LastLineStep, left + LastLineStep);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _stream.Dispose();
        if (_buffer.Length == 0) return;
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }
}
