using System.Globalization;
using System.Text;

namespace MLOps.Engine.Monitoring;

/// <summary>The Markdown monitoring report: verdict, drift table, estimated and realized performance, chunks, assumptions.</summary>
public static class MonitorMarkdown
{
    public static string Render(MonitorResult result)
    {
        var md = new StringBuilder();
        md.Append(CultureInfo.InvariantCulture, $"# Monitoring {result.ModelName}\n\n**{MonitorText.Headline(result)}**\n\n");
        md.Append(CultureInfo.InvariantCulture, $"Reference: {result.ReferenceRows:N0} evaluation rows in the package. Current: {result.CurrentRows:N0} rows.\n\n");
        md.Append("## Data and prediction drift\n\n");
        md.Append(CultureInfo.InvariantCulture, $"Each check's p-value is Holm-adjusted across all {result.Drift.Count} checks (α = {result.Settings.Alpha}); a check drifts only when that p-value is below α and its effect size reaches its threshold.\n\n");
        md.Append("| check | test | statistic | p (Holm) | effect | missing (ref → current) | categories | drift |\n|---|---|---:|---:|---:|---|---|---|\n");
        foreach (var d in result.Drift)
            md.Append(CultureInfo.InvariantCulture, $"| {MonitorText.Name(d)} | {d.Test} | {MonitorText.N(d.Statistic)} | {MonitorText.P(d.AdjustedPValue)} | {d.EffectName} {MonitorText.N(d.Effect)} (≥ {d.EffectThreshold}) | {MonitorText.Percent(d.ReferenceMissingRate)} → {MonitorText.Percent(d.CurrentMissingRate)} | {Categories(d)} | {(d.Drifted ? "**yes**" : "no")} |\n");
        md.Append("\n## Performance without labels\n\n");
        if (result.Estimate.NotPossible is { } why) md.Append(why).Append("\n\n");
        else
        {
            md.Append("Confidence-based performance estimation (CBPE): the metrics the calibrated scores imply, with a ")
                .Append(CultureInfo.InvariantCulture, $"{(1 - result.Settings.Alpha) * 100:0}% band.\n\n| metric | package | estimated | band | degraded |\n|---|---:|---:|---|---|\n");
            foreach (var m in result.Estimate.Metrics)
                md.Append(CultureInfo.InvariantCulture, $"| {m.Metric} | {MonitorText.N(m.Reference)} | {MonitorText.N(m.Estimate)} | {MonitorText.N(m.Lower)} – {MonitorText.N(m.Upper)} | {(m.Degraded ? "**yes**" : "no")} |\n");
            md.Append("\nThe estimate assumes:\n\n");
            foreach (var a in PerformanceEstimate.Assumptions) md.Append(CultureInfo.InvariantCulture, $"- {a}\n");
            md.Append('\n');
        }
        if (result.Realized is { } realized)
        {
            md.Append("## Performance on labelled rows\n\n");
            if (realized.Count == 0) md.Append("No current row had a label.\n\n");
            else
            {
                md.Append(CultureInfo.InvariantCulture, $"Tested one-sided, unpaired (the rows differ from the package's), for a decrease beyond {result.Settings.MaxDecrease}; Holm across the tested metrics.\n\n");
                md.Append("| metric | package | current | test | p (Holm) | degraded |\n|---|---:|---:|---|---:|---|\n");
                foreach (var m in realized)
                    md.Append(CultureInfo.InvariantCulture, $"| {m.Metric} | {MonitorText.N(m.Reference)} | {MonitorText.N(m.Current)} | {m.Test ?? ""} | {MonitorText.P(m.AdjustedPValue)} | {(m.Degraded ? "**yes**" : m.Test is null ? "" : "no")} |\n");
                md.Append('\n');
            }
        }
        if (result.Chunks.Count > 0)
        {
            md.Append(CultureInfo.InvariantCulture, $"## Over chunks ({result.Chunks[0].Metric})\n\n| chunk | rows | estimated | band | realized | drifted checks |\n|---|---:|---:|---|---:|---:|\n");
            foreach (var c in result.Chunks)
                md.Append(CultureInfo.InvariantCulture, $"| {c.Label} | {c.Rows:N0} | {MonitorText.N(c.Estimate)} | {(c.Lower is null ? "" : $"{MonitorText.N(c.Lower)} – {MonitorText.N(c.Upper)}")} | {MonitorText.N(c.Realized)} | {c.DriftedChecks} |\n");
            md.Append('\n');
        }
        return md.ToString();
    }

    private static string Categories(DriftCheck d) =>
        string.Join("; ", new[] { (d.NewCategories, "new"), (d.VanishedCategories, "vanished") }
            .Where(p => p.Item1.Count > 0).Select(p => $"{p.Item2}: {string.Join(", ", p.Item1.Take(10))}{(p.Item1.Count > 10 ? $" (+{p.Item1.Count - 10})" : "")}"));
}
