using System.Globalization;
using System.Net;
using System.Text;

namespace MLOps.Engine.Monitoring;

/// <summary>The self-contained HTML monitoring report: the verdict, drift per feature, score histograms, performance over chunks, and the tables.</summary>
public static class MonitorHtml
{
    public static string Render(MonitorResult result)
    {
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{E(result.ModelName)}: monitoring report</title><style>")
            .Append("body{font-family:sans-serif;margin:24px;max-width:1100px;color:#222}table{border-collapse:collapse;margin:8px 0}")
            .Append("td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}td:first-child,th:first-child{text-align:left}")
            .Append(".banner{padding:12px 16px;border-radius:6px;font-size:18px;font-weight:bold}.pass{background:#e6f4ea;color:#1e7b34}")
            .Append(".fail{background:#fce8e6;color:#b3261e}.warn{background:#fef7e0;color:#8a5a00}")
            .Append("</style></head><body>");
        var css = result.Verdict switch { MonitorVerdict.Healthy => "pass", MonitorVerdict.Drift => "warn", _ => "fail" };
        html.Append(CultureInfo.InvariantCulture, $"<h1>Monitoring {E(result.ModelName)}</h1><div class='banner {css}'>{E(MonitorText.Headline(result))}</div>")
            .Append(CultureInfo.InvariantCulture, $"<p>Reference: {result.ReferenceRows:N0} evaluation rows in the package. Current: {result.CurrentRows:N0} rows.</p>");
        if (result.Drift.Count > 0)
            html.Append("<h2>Drift per feature</h2><p>Effect size as a share of its threshold; red: drifted (Holm-adjusted p below α and effect at or past the threshold).</p>")
                .Append(MonitorCharts.DriftBars(result.Drift));
        if (result.ReferencePrediction is { } reference && result.CurrentPrediction is { } current)
            html.Append("<h2>Scores, reference vs current</h2>").Append(MonitorCharts.ScoreHistogram(reference, current));
        if (result.Chunks.Count > 0)
            html.Append("<h2>Performance over chunks</h2>").Append(MonitorCharts.OverChunks(result.Chunks));
        // The tables are the Markdown report's, so both say the same; rendered as HTML tables here.
        html.Append(Tables(MonitorMarkdown.Render(result)));
        return html.Append("</body></html>").ToString();
    }

    /// <summary>The Markdown report's sections after its headline, as HTML: headings, paragraphs, lists and pipe tables.</summary>
    private static string Tables(string markdown)
    {
        var html = new StringBuilder();
        var lines = markdown.Split('\n');
        var inTable = false;
        var inList = false;
        foreach (var line in lines.SkipWhile(l => !l.StartsWith("## ", StringComparison.Ordinal)))
        {
            if (inTable && !line.StartsWith('|')) { html.Append("</table>"); inTable = false; }
            if (inList && !line.StartsWith("- ", StringComparison.Ordinal)) { html.Append("</ul>"); inList = false; }
            if (line.StartsWith("## ", StringComparison.Ordinal)) html.Append(CultureInfo.InvariantCulture, $"<h2>{Inline(line[3..])}</h2>");
            else if (line.StartsWith("|---", StringComparison.Ordinal)) continue;
            else if (line.StartsWith('|'))
            {
                var cells = line.Trim('|').Split(" | ").Select(c => c.Trim());
                var tag = inTable ? "td" : "th";
                if (!inTable) { html.Append("<table>"); inTable = true; }
                html.Append("<tr>").Append(string.Concat(cells.Select(c => $"<{tag}>{Inline(c)}</{tag}>"))).Append("</tr>");
            }
            else if (line.StartsWith("- ", StringComparison.Ordinal))
            {
                if (!inList) { html.Append("<ul>"); inList = true; }
                html.Append(CultureInfo.InvariantCulture, $"<li>{Inline(line[2..])}</li>");
            }
            else if (line.Length > 0) html.Append(CultureInfo.InvariantCulture, $"<p>{Inline(line)}</p>");
        }
        if (inTable) html.Append("</table>");
        if (inList) html.Append("</ul>");
        return html.ToString();
    }

    private static string Inline(string text)
    {
        var encoded = E(text);
        var parts = encoded.Split("**");
        return string.Concat(parts.Select((p, i) => i % 2 == 1 ? $"<b>{p}</b>" : p));
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
