namespace MLOps.Engine.Diagnostics;

/// <summary>How bad a diagnostic is. Front ends map these onto their own logging.</summary>
public enum Severity { Info, Warning, Error }

/// <summary>
/// One user-facing message with its code (docs/diagnostics.md) and, where there is one, the place it is about.
/// Line and column are 1-based; column counts characters, so an editor jumps to the spot.
/// </summary>
public sealed record Diagnostic(string Code, Severity Severity, string Message, string? File = null, int Line = 0, int Column = 0)
{
    /// <summary>The canonical MSBuild form, <c>file(line,column): error CODE: message</c>.</summary>
    public override string ToString()
    {
        var where = File is null ? "" : Line > 0 ? Column > 0 ? $"{File}({Line},{Column}): " : $"{File}({Line}): " : $"{File}: ";
        return $"{where}{Severity.ToString().ToLowerInvariant()} {Code}: {Message}";
    }
}
