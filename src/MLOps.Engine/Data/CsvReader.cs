using System.Buffers;
using System.Numerics;
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
    private byte[] _buffer = new byte[InitialBufferSize];
    private int _start;
    private int _end;
    private bool _eof;
    private long _bufferFileOffset;
    private bool _atFileStart = true;
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

    /// <summary>Opens a file for reading.</summary>
    public static CsvReader Open(DataFile file, DiagnosticBag diagnostics) =>
        new(new FileStream(file.FullPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan), file.DisplayPath, diagnostics);

    /// <summary>The name used in diagnostics.</summary>
    public string DisplayPath { get; }

    /// <summary>Fields in the current record.</summary>
    public int FieldCount { get; private set; }

    /// <summary>1-based line on which the current record starts.</summary>
    public int RecordLine { get; private set; }

    /// <summary>Whether reading stopped at an error that makes the rest of the file unreadable.</summary>
    public bool Failed { get; private set; }

    /// <summary>Advances to the next non-blank record. False at the end of the file or after a fatal error.</summary>
    public bool Read()
    {
        while (!Failed)
        {
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
    public bool TryGetDouble(int index, out double value) => ValueParsing.TryParseNumber(GetField(index), out value);

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

    private Outcome TryParseRecord()
    {
        if (_atFileStart)
        {
            if (_end - _start < 3 && !_eof) return Outcome.NeedMore;
            if (_buffer.AsSpan(_start, _end - _start).StartsWith(Utf8Bom)) _start += 3;
            _atFileStart = false;
        }
        var buffer = _buffer;
        var p = _start;
        var count = 0;
        if (p == _end && _eof) return Outcome.End;
        if (TryParsePlainRecord(p) is { } plain) return plain;
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
    private Outcome? TryParsePlainRecord(int p)
    {
        var buffer = _buffer;
        var newline = buffer.AsSpan(p, _end - p).IndexOf((byte)'\n');
        if (newline < 0 || buffer.AsSpan(p, newline).Contains((byte)'"')) return null;
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
        if (_end == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2); // one record larger than the buffer
        var read = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0) _eof = true;
        _end += read;
    }

    /// <inheritdoc />
    public void Dispose() => _stream.Dispose();
}
