using System.Globalization;
using System.Net;
using System.Text;
using MLOps.Engine.Diagnostics;
using MLOps.Engine.Gates;
using MLOps.Engine.Metrics;
using MLOps.Engine.Vocabulary;

namespace MLOps.Engine.Reports;

/// <summary>
/// The HTML report (<c>ModelHtmlReportPath</c>): the verdict first, then the gates with their intervals drawn, then
/// the curves of both models (ROC, precision-recall, calibration) and their confusion matrices. One self-contained
/// file: inline SVG and CSS, no scripts.
/// </summary>
public static class HtmlReport
{
    /// <param name="candidateMetrics">The candidate's metrics on these rows when the build computed them already (<see cref="MetricRegistry.Compute"/>).</param>
    public static string Render(string model, GateResult gates, double[] labels, double[] candidate, double[]? baseline, IReadOnlyList<string> classes, IReadOnlyList<DriftReport>? drift = null,
        IReadOnlyDictionary<string, double>? candidateMetrics = null)
    {
        using var invariant = InvariantCultureScope.Enter();
        var html = new StringBuilder();
        html.Append($"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{E(model)}: model report</title><style>")
            .Append("body{font-family:sans-serif;margin:24px;max-width:1100px;color:#222}table{border-collapse:collapse;margin:8px 0}")
            .Append("td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}td:first-child,th:first-child{text-align:left}")
            .Append(".banner{padding:12px 16px;border-radius:6px;font-size:18px;font-weight:bold}.pass{background:#e6f4ea;color:#1e7b34}")
            .Append(".fail{background:#fce8e6;color:#b3261e}.warn{background:#fef7e0;color:#8a5a00}.charts{display:flex;flex-wrap:wrap;gap:16px}")
            .Append("</style></head><body>");
        html.Append($"<h1>{E(model)}</h1>");
        var (css, verdict) = gates.Counts.Failed == 0 ? ("pass", "Gates passed") : gates.Accepted ? ("warn", "Gates failed, overridden") : ("fail", "Gates failed");
        html.Append($"<div class='banner {css}'>{verdict}: {gates.Counts}</div>");
        if (gates.Override is { } o) html.Append($"<p><b>Override</b> by {E(o.Who)} at {E(o.At)}{(o.Gates is null ? "" : $", for {E(string.Join(", ", o.Gates))} only")}: {E(o.Reason)}</p>");
        html.Append($"<p>Candidate: {Identity(gates.Candidate) ?? E(model)}<br>Baseline: {Identity(gates.Baseline) ?? (gates.BaselineModel is { } b ? $"<code>{E(b)}</code>" : "none")}</p>");

        var task = classes.Count < 2 ? ModelTask.Regression : classes.Count > 2 ? ModelTask.MulticlassClassification : ModelTask.BinaryClassification;
        // Every metric of both models, once: the table at the end shows them, the curves' legends name two.
        var metrics = (Candidate: candidateMetrics ?? MetricRegistry.Compute(task, labels, candidate), Baseline: baseline is null ? null : MetricRegistry.Compute(task, labels, baseline));
        if (gates.Gates.Count > 0)
        {
            html.Append("<h2>Gates</h2><table><tr><th>gate</th><th>candidate</th><th>baseline</th><th>difference</th><th>bound</th><th>p (adjusted)</th><th>outcome</th></tr>");
            foreach (var g in gates.Gates)
                html.Append($"<tr><td>{E(g.Rule)} <code>{E(g.Gate)}</code>{(g.Slice is null ? "" : $" on <code>{E(g.Slice)}</code>")}</td><td>{F(g.Candidate)}</td><td>{F(g.Baseline)}</td><td>{F(g.Difference, true)}</td><td>{GateSection.BoundText(g)}</td><td>{GateSection.PValueText(g)}</td><td title='{E(g.Explanation)}'>{g.Outcome}</td></tr>");
            html.Append("</table>");
            if (SliceTable.Of(gates) is { } slices) html.Append(Slices(slices));
            var deltas = gates.Gates.Where(g => g.Difference is not null && g.Bound is not null).Select(g =>
                ($"{g.Metric} {g.Rule}{(g.Slice is null ? "" : $" [{g.Slice}]")}", g.Difference!.Value, g.Bound!.Value,
                 g.MaxDecrease is { } margin ? (MetricRegistry.Find(task, g.Metric)?.HigherIsBetter != false ? -margin : margin) : (double?)null,
                 g.Outcome == GateOutcome.Passed)).ToArray();
            if (deltas.Length > 0)
                html.Append("<h3>Candidate − baseline, with one-sided bounds (dashed: the allowed decrease)</h3>").Append(Svg.DeltaChart(deltas));
        }

        if (task == ModelTask.Regression) return Metrics(html, labels, metrics, drift);
        if (task == ModelTask.MulticlassClassification)
        {
            html.Append("<h2>Confusion matrices (most probable class)</h2><div class='charts'>");
            html.Append(MulticlassConfusion("candidate", labels, candidate, classes));
            if (baseline is not null) html.Append(MulticlassConfusion("baseline", labels, baseline, classes));
            html.Append("</div>");
            return Metrics(html, labels, metrics, drift);
        }
        html.Append($"<h2>Curves on {labels.Length:N0} evaluation rows</h2><div class='charts'>");
        var models = new List<(string Name, string Color, double[] Scores, IReadOnlyDictionary<string, double> Metrics, int[] Descending)>
            { ("candidate", Svg.CandidateColor, candidate, metrics.Candidate, Curves.Descending(candidate)) };
        if (baseline is not null) models.Add(("baseline", Svg.BaselineColor, baseline, metrics.Baseline!, Curves.Descending(baseline)));
        html.Append(Svg.LineChart("ROC", "false positive rate", "true positive rate", diagonal: true,
            models.Select(m => ($"{m.Name} AUC {m.Metrics["auc"]:0.000}", m.Color, Curves.Roc(labels, m.Scores, m.Descending)))));
        html.Append(Svg.LineChart("Precision-recall", "recall", "precision", diagonal: false,
            models.Select(m => ($"{m.Name} AP {m.Metrics["average_precision"]:0.000}", m.Color, Curves.PrecisionRecall(labels, m.Scores, m.Descending)))));
        html.Append(Svg.LineChart("Calibration", "mean predicted probability", "share positive", diagonal: true,
            models.Select(m => (m.Name, m.Color, (IReadOnlyList<(double X, double Y)>)Curves.Calibration(labels, m.Scores).Select(p => (p.X, p.Y)).ToArray()))));
        html.Append("</div><h2>Confusion matrices (threshold 0.5)</h2><div class='charts'>");
        foreach (var (name, _, scores, _, _) in models) html.Append(Confusion(name, labels, scores, classes));
        html.Append("</div>");
        return Metrics(html, labels, metrics, drift);
    }

    private static string? Identity(ModelIdentity? m) =>
        m is null ? null : $"{E(m.Version ?? "no version")}, <code>{E(m.File)}</code>, SHA-256 <code>{E(m.ShortSha256)}</code>";

    /// <summary>Each gated metric on all rows and per slice, candidate (baseline), with the slice's worst outcome.</summary>
    private static string Slices(SliceTable table)
    {
        var html = new StringBuilder("<h3>Slices: candidate (baseline)</h3><table><tr><th>slice</th><th>rows</th>");
        foreach (var m in table.Metrics) html.Append($"<th>{E(m)}</th>");
        html.Append("<th>outcome</th></tr>");
        foreach (var row in table.Rows)
        {
            html.Append($"<tr><td>{(row.Slice is null ? "all rows" : $"<code>{E(row.Slice)}</code>")}</td><td>{row.Rows}</td>");
            foreach (var m in table.Metrics)
                html.Append($"<td>{F(row.Values[m].Candidate)}{(row.Values[m].Baseline is { } b ? $" ({F(b)})" : "")}</td>");
            html.Append($"<td>{row.Outcome}</td></tr>");
        }
        return html.Append("</table>").ToString();
    }

    /// <summary>Each comparison's drift, drifted columns first.</summary>
    private static void Drift(StringBuilder html, DriftReport drift)
    {
        html.Append($"<h2>Drift: {E(drift.Current)} against {E(drift.Reference)}</h2><table><tr><th>column</th><th>test</th><th>p (Holm)</th><th>effect size</th><th>drifted</th></tr>");
        foreach (var c in drift.Columns.OrderByDescending(c => c.Drifted).ThenBy(c => c.AdjustedPValue))
            html.Append($"<tr><td>{E(c.Column)}</td><td>{E(c.Test)}</td><td>{ValidationReport.Number(c.AdjustedPValue)}</td><td>{E(c.EffectName)} {ValidationReport.Number(c.Effect)}</td>")
                .Append($"<td>{(c.Drifted ? "drifted" : "no")}{(c.NewValues.Count > 0 ? $"; new: {E(string.Join(", ", c.NewValues))}" : "")}</td></tr>");
        html.Append("</table>");
    }

    private static string Metrics(StringBuilder html, double[] labels, (IReadOnlyDictionary<string, double> Candidate, IReadOnlyDictionary<string, double>? Baseline) metrics,
        IReadOnlyList<DriftReport>? drift)
    {
        var (c, b) = metrics;
        html.Append($"<h2>Metrics on {labels.Length:N0} evaluation rows</h2><table><tr><th>metric</th><th>candidate</th>").Append(b is null ? "" : "<th>baseline</th>").Append("</tr>");
        static string Value(double v) => double.IsFinite(v) ? F(v) : "undefined";
        foreach (var (name, value) in c) html.Append($"<tr><td>{name}</td><td>{Value(value)}</td>{(b is null ? "" : $"<td>{Value(b[name])}</td>")}</tr>");
        html.Append("</table>");
        foreach (var report in drift ?? []) Drift(html, report);
        return html.Append("</body></html>\n").ToString();
    }

    /// <summary>A binary model's confusion matrix at the 0.5 threshold.</summary>
    private static string Confusion(string name, double[] labels, double[] scores, IReadOnlyList<string> classes)
    {
        var t = BinaryMetrics.Confusion.Of(labels, scores);
        return ConfusionTable(name, new long[,] { { t.TrueNegatives, t.FalsePositives }, { t.FalseNegatives, t.TruePositives } }, classes);
    }

    /// <summary>A multiclass model's confusion matrix by most probable class.</summary>
    private static string MulticlassConfusion(string name, double[] labels, double[] probabilities, IReadOnlyList<string> classes) =>
        ConfusionTable(name, MulticlassMetrics.Confusion(labels.Select(l => (int)l).ToArray(), probabilities, classes.Count), classes);

    /// <summary>Counts of (true, predicted) classes, right answers green and wrong ones red, darker for more rows.</summary>
    private static string ConfusionTable(string name, long[,] table, IReadOnlyList<string> classes)
    {
        var total = Math.Max(1L, table.Cast<long>().Sum());
        var html = new StringBuilder($"<table><tr><th>{E(name)}: true \\ predicted</th>");
        foreach (var c in classes) html.Append($"<th>{E(c)}</th>");
        html.Append("</tr>");
        for (var i = 0; i < classes.Count; i++)
        {
            html.Append($"<tr><td>{E(classes[i])}</td>");
            for (var j = 0; j < classes.Count; j++)
                html.Append($"<td style='background:rgba({(i == j ? "44,160,44" : "214,39,40")},{0.15 + 0.85 * table[i, j] / (double)total:0.00})'>{table[i, j]:N0}</td>");
            html.Append("</tr>");
        }
        return html.Append("</table>").ToString();
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
    private static string F(double? v, bool signed = false) => v is { } x && double.IsFinite(x) ? x.ToString(signed ? "+0.0000;-0.0000;0.0000" : "0.0000", CultureInfo.InvariantCulture) : "";
}
