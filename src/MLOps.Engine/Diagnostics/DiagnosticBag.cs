namespace MLOps.Engine.Diagnostics;

/// <summary>
/// Collects diagnostics, keeping at most <see cref="MaxPerCode"/> of each code per file; the rest are counted
/// and summarized in one line by <see cref="Complete"/>, so a bad million-row file gives a readable log.
/// </summary>
public sealed class DiagnosticBag
{
    /// <summary>The default cap of messages per code and file.</summary>
    public const int DefaultMaxPerCode = 20;

    private readonly List<Diagnostic> _items = [];
    private readonly Dictionary<(string Code, string? File), int> _counts = [];

    /// <summary>Creates a bag that keeps at most <paramref name="maxPerCode"/> diagnostics of each code per file.</summary>
    public DiagnosticBag(int maxPerCode = DefaultMaxPerCode) => MaxPerCode = Math.Max(1, maxPerCode);

    /// <summary>The cap of kept messages per code and file.</summary>
    public int MaxPerCode { get; }

    /// <summary>Kept diagnostics, in the order they were reported.</summary>
    public IReadOnlyList<Diagnostic> Items => _items;

    /// <summary>Whether any error was reported (kept or not).</summary>
    public bool HasErrors => ErrorCount > 0;

    /// <summary>How many errors were reported (kept or not).</summary>
    public int ErrorCount { get; private set; }

    /// <summary>Reports a diagnostic; a message longer than <see cref="MessageText.MaxLength"/> is shortened, saying by how much.</summary>
    public void Add(Diagnostic diagnostic)
    {
        if (diagnostic.Message.Length > MessageText.MaxLength) diagnostic = diagnostic with { Message = MessageText.Shorten(diagnostic.Message) };
        if (diagnostic.Severity == Severity.Error) ErrorCount++;
        var key = (diagnostic.Code, diagnostic.File);
        var count = _counts.GetValueOrDefault(key) + 1;
        _counts[key] = count;
        if (count <= MaxPerCode) _items.Add(diagnostic);
    }

    /// <summary>Reports an error.</summary>
    public void Error(string code, string message, string? file = null, int line = 0, int column = 0) =>
        Add(new Diagnostic(code, Severity.Error, message, file, line, column));

    /// <summary>Reports a warning.</summary>
    public void Warning(string code, string message, string? file = null, int line = 0, int column = 0) =>
        Add(new Diagnostic(code, Severity.Warning, message, file, line, column));

    /// <summary>Reports an informational message.</summary>
    public void Info(string code, string message, string? file = null, int line = 0, int column = 0) =>
        Add(new Diagnostic(code, Severity.Info, message, file, line, column));

    /// <summary>
    /// Takes over what <paramref name="part"/> collected while a range of a file was read on its own, moving its lines
    /// down by <paramref name="lineOffset"/> (the lines before the range). Kept messages are kept here as the cap
    /// allows and the rest are counted, as if they had been reported here in the first place.
    /// </summary>
    public void Absorb(DiagnosticBag part, int lineOffset)
    {
        var keptErrors = 0;
        foreach (var item in part._items)
        {
            if (item.Severity == Severity.Error) keptErrors++;
            Add(item.Line > 0 ? item with { Line = item.Line + lineOffset } : item);
        }
        ErrorCount += part.ErrorCount - keptErrors;
        foreach (var (key, count) in part._counts)
        {
            var kept = part._items.Count(d => d.Code == key.Code && d.File == key.File);
            if (count > kept) _counts[key] = _counts.GetValueOrDefault(key) + count - kept;
        }
    }

    /// <summary>How many diagnostics of a code were reported, kept or not.</summary>
    public int Count(string code) => _counts.Where(p => p.Key.Code == code).Sum(p => p.Value);

    /// <summary>Appends one summary line for every code and file whose messages went over the cap, and returns all kept diagnostics.</summary>
    public IReadOnlyList<Diagnostic> Complete()
    {
        foreach (var ((code, file), count) in _counts.OrderBy(p => p.Key.Code, StringComparer.Ordinal).ThenBy(p => p.Key.File, StringComparer.Ordinal))
        {
            if (count <= MaxPerCode) continue;
            var severity = _items.First(d => d.Code == code && d.File == file).Severity;
            _items.Add(new Diagnostic(code, severity,
                $"{count - MaxPerCode} more {code} {(severity == Severity.Error ? "errors" : "messages")} not shown ({count} in all); only the first {MaxPerCode} of each code are listed.",
                file));
            _counts[(code, file)] = MaxPerCode;
        }
        return _items;
    }
}
