namespace MLOps.Engine.Reports;

/// <summary>Fits Markdown into a size limit (GitHub's check-run summary, comment, job summary), saying visibly what was cut.</summary>
public static class MarkdownLimit
{
    /// <summary><paramref name="text"/> itself when it fits, else its first whole lines and a note, within <paramref name="maxLength"/> characters.</summary>
    public static string Fit(string text, int maxLength)
    {
        if (text.Length <= maxLength) return text;
        if (maxLength <= 0) return "";
        var note = $"\n\n> ✂️ Trimmed: {{0:N0}} characters left out to stay within {maxLength:N0}; the full report is in the workflow run's artifacts.\n";
        var room = Math.Max(0, maxLength - string.Format(System.Globalization.CultureInfo.InvariantCulture, note, text.Length).Length);
        var cut = text.LastIndexOf('\n', Math.Max(0, room - 1)) is var newline and > 0 ? newline : room;
        var kept = text[..cut];
        // An open <details> would swallow the note.
        var openDetails = kept.LastIndexOf("<details>", StringComparison.Ordinal);
        if (openDetails > kept.LastIndexOf("</details>", StringComparison.Ordinal)) kept = kept[..openDetails];
        var result = kept + string.Format(System.Globalization.CultureInfo.InvariantCulture, note, text.Length - kept.Length);
        return result.Length <= maxLength ? result : result[..maxLength];
    }
}
