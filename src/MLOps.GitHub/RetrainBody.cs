using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace MLOps.GitHub;

/// <summary>
/// The retraining pull request's body: the monitoring report and the gate report, each between hidden markers so a
/// later run can say which changed. GitHub refuses a body over 65,536 characters, so reports that do not fit are cut
/// at a line, with a link to the run whose artifacts hold them whole.
/// </summary>
public static class RetrainBody
{
    public const int MaxLength = 65_536;

    private const string Monitoring = "monitoring";
    private const string Gate = "gate";
    private const string End = "<!-- mlops:retrain:end -->";

    public static string Title(string model) => $"MLOps: retrain {model}";

    public static string Marker(string model) => $"<!-- mlops:retrain:{model} -->";

    /// <summary>The body, and whether a report had to be cut to fit <paramref name="maxLength"/>.</summary>
    public static (string Body, bool Truncated) Render(RetrainRequest request, string? runUrl, int maxLength = MaxLength)
    {
        var run = runUrl is null ? "the workflow run" : $"[the workflow run]({runUrl})";
        var head = $"""
            {Marker(request.Model)}
            Monitoring found drift or degraded performance in **{request.Model}** in production, so {run} refreshed its data,
            rebuilt it on that data and gated it against production. The monitoring report that called for it and the
            retrained model's gate report are below; merging puts the fresh data (and so the retrained model) into the base branch.


            """;
        var foot = $"""

            {End}

            ---
            <sub>Opened by `mlops github retrain-pr`: while this pull request is open, later runs update it (and comment on what changed) instead of opening another.</sub>
            """;
        string Compose(string monitoring, string gate) =>
            Normalize(head + Section(Monitoring, "Monitoring report", monitoring) + Section(Gate, "Gate report", gate) + foot);

        var (monitoringText, gateText) = (Normalize(request.MonitoringReport).Trim(), Normalize(request.GateReport).Trim());
        var whole = Compose(monitoringText, gateText);
        if (whole.Length <= maxLength) return (whole, false);

        // Each report gets half of what is left, and the shorter one's unused half goes to the longer one.
        var note = $"\n\n*Cut here: GitHub allows {MaxLength.ToString("N0", CultureInfo.InvariantCulture)} characters in a pull request's body. The whole report is in {(runUrl is null ? "the workflow run's artifacts" : $"[the workflow run's artifacts]({runUrl})")}.*";
        var room = maxLength - Compose("", "").Length - 2 * (note.Length + 4);
        var half = Math.Max(0, room / 2);
        var monitoringRoom = monitoringText.Length <= half ? monitoringText.Length : Math.Max(half, room - Math.Min(gateText.Length, half));
        var gateRoom = Math.Max(0, room - Math.Min(monitoringText.Length, monitoringRoom));
        return (Compose(Cut(monitoringText, monitoringRoom, note), Cut(gateText, gateRoom, note)), true);
    }

    /// <summary>The sections of <paramref name="after"/> whose report differs from <paramref name="before"/>'s, by their headings.</summary>
    public static IReadOnlyList<string> ChangedReports(string? before, string after) =>
        new[] { (Monitoring, "the monitoring report"), (Gate, "the gate report") }
            .Where(s => SectionOf(Normalize(before ?? ""), s.Item1) != SectionOf(after, s.Item1)).Select(s => s.Item2).ToArray();

    /// <summary>Whether two bodies say the same (GitHub may hand back CRLF line ends for what was sent with LF).</summary>
    public static bool Same(string? a, string b) => Normalize(a ?? "") == Normalize(b);

    /// <summary>A short hash of a body: the marker of the comment that announced it, so a re-run does not announce it twice.</summary>
    public static string Hash(string body) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Normalize(body))))[..16].ToLowerInvariant();

    private static string Section(string key, string heading, string text) => $"<!-- mlops:retrain:section:{key} -->\n## {heading}\n\n{text}\n\n";

    private static string? SectionOf(string body, string key)
    {
        var start = body.IndexOf($"<!-- mlops:retrain:section:{key} -->", StringComparison.Ordinal);
        if (start < 0) return null;
        var end = body.IndexOf("<!-- mlops:retrain:", start + 1, StringComparison.Ordinal);
        return end < 0 ? body[start..] : body[start..end];
    }

    /// <summary>
    /// <paramref name="text"/> cut to at most <paramref name="room"/> characters at a line end, with the note; a code
    /// fence left open by the cut is closed, so the note does not show as code.
    /// </summary>
    private static string Cut(string text, int room, string note)
    {
        if (text.Length <= room) return text;
        var end = text.LastIndexOf('\n', Math.Max(0, room - 1));
        if (end <= 0)
        {
            end = Math.Max(0, room);
            if (end > 0 && char.IsHighSurrogate(text[end - 1])) end--;
        }
        var kept = text[..end].TrimEnd();
        var fences = kept.Split('\n').Count(l => l.TrimStart().StartsWith("```", StringComparison.Ordinal));
        return kept + (fences % 2 == 1 ? "\n```" : "") + note;
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal);
}
