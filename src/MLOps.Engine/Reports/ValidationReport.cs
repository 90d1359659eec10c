using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using MLOps.Engine.Contracts;
using MLOps.Engine.Diagnostics;
using MLOps.Engine.Drift;
using MLOps.Engine.IO;

namespace MLOps.Engine.Reports;

/// <summary>
/// The validation report (<c>ModelValidationReportPath</c>, JSON, with a Markdown twin beside it): every rule of the
/// contract with its outcome on every data item, and the drift of each item against the training data.
/// </summary>
public sealed record ValidationReport(string Model, string? Contract, IReadOnlyList<DataItemReport> Data, IReadOnlyList<DriftReport> Drift)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>Broken rules across all data items.</summary>
    public int BrokenRules => Data.Sum(d => d.Rules.Count(r => !r.Passed));

    /// <summary>Writes the JSON to <paramref name="path"/> and the Markdown beside it (<c>.md</c>).</summary>
    public void Write(string path)
    {
        AtomicFile.WriteAllBytes(path, [.. JsonSerializer.SerializeToUtf8Bytes(this, Json), (byte)'\n']);
        AtomicFile.WriteAllText(MarkdownPath(path), ToMarkdown());
    }

    /// <summary>The report at <paramref name="path"/>, or null when it is missing or not a validation report.</summary>
    public static ValidationReport? TryRead(string path)
    {
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize<ValidationReport>(File.ReadAllBytes(path), Json) : null;
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>Where the Markdown twin of the JSON report at <paramref name="path"/> goes.</summary>
    public static string MarkdownPath(string path) => Path.ChangeExtension(path, ".md");

    /// <summary>The report for people: one table of rules per data item, one table of drift per comparison.</summary>
    public string ToMarkdown()
    {
        using var invariant = InvariantCultureScope.Enter();
        var text = new StringBuilder();
        text.AppendLine($"# Data validation: {Model}").AppendLine();
        var drifted = Drift.Sum(d => d.Columns.Count(c => c.Drifted));
        text.AppendLine($"{(Contract is null ? "No data contract" : $"Contract `{Contract}`")}: {Data.Count} data item{(Data.Count == 1 ? "" : "s")} checked, " +
            $"{BrokenRules} rule{(BrokenRules == 1 ? "" : "s")} broken, {drifted} drifted column{(drifted == 1 ? "" : "s")}.").AppendLine();
        foreach (var item in Data)
        {
            text.AppendLine($"## {item.Role}: {string.Join(", ", item.Files.Select(f => $"`{f}`"))}, {item.Rows:N0} rows").AppendLine();
            var broken = item.Rules.Where(r => !r.Passed).ToArray();
            if (broken.Length > 0)
            {
                RuleTable(text, broken);
                text.AppendLine();
            }
            text.AppendLine($"<details><summary>{(broken.Length == 0 ? "All" : "All other")} {item.Rules.Count - broken.Length} rules passed</summary>").AppendLine();
            RuleTable(text, item.Rules.Where(r => r.Passed));
            text.AppendLine().AppendLine("</details>").AppendLine();
        }
        foreach (var drift in Drift) AppendDrift(text, drift);
        return text.ToString();
    }

    /// <summary>One comparison's drift: a heading, the rule, and a table with drifted columns first.</summary>
    public static void AppendDrift(StringBuilder text, DriftReport drift)
    {
        using var invariant = InvariantCultureScope.Enter();
        text.AppendLine($"## Drift: {drift.Current} against {drift.Reference}").AppendLine();
        text.AppendLine($"A column drifts when its test is significant after Holm's correction across {drift.Columns.Count} columns (adjusted p < {drift.Settings.Alpha}) " +
            $"and its effect size reaches its threshold (PSI ≥ {drift.Settings.PsiThreshold}, Jensen–Shannon ≥ {drift.Settings.JensenShannonThreshold}).").AppendLine();
        text.AppendLine("| column | test | statistic | p | p (Holm) | effect size | Wasserstein | drifted |").AppendLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |");
        foreach (var c in drift.Columns.OrderByDescending(c => c.Drifted).ThenBy(c => c.AdjustedPValue))
        {
            var verdict = c.Drifted ? "⚠️ drifted" : "no";
            if (c.NewValues.Count > 0) verdict += $"; new: {string.Join(", ", c.NewValues.Select(v => $"`{v}`"))}";
            text.AppendLine($"| {c.Column} | {c.Test} | {Number(c.Statistic)} | {Number(c.PValue)} | {Number(c.AdjustedPValue)} | {c.EffectName} {Number(c.Effect)} | {(c.Wasserstein is { } w ? Number(w) : "")} | {Escape(verdict)} |");
        }
        text.AppendLine();
    }

    /// <summary>A drift statistic as the tables show it.</summary>
    public static string Number(double value) => value == 0 ? "0" : Math.Abs(value) < 1e-3 ? value.ToString("0.00e+0", CultureInfo.InvariantCulture) : value.ToString("0.####", CultureInfo.InvariantCulture);

    private static void RuleTable(StringBuilder text, IEnumerable<RuleOutcome> rules)
    {
        text.AppendLine("| column | rule | requirement | outcome |").AppendLine("| --- | --- | --- | --- |");
        foreach (var r in rules)
        {
            var outcome = r.Passed ? "✅ passed"
                : $"{(r.Severity == Diagnostics.Severity.Error ? "❌" : "⚠️")} {r.Violations:N0} {(r.Violations == 1 ? "violation" : "violations")} ({r.Severity.ToString().ToLowerInvariant()}){(r.FirstAt is null ? "" : $", first at {r.FirstAt}")}";
            text.AppendLine($"| {r.Column ?? "(table)"} | {r.Rule} | {Escape(r.Requirement)} | {Escape(outcome)} |");
        }
    }


    private static string Escape(string text) => text.Replace("|", "\\|");
}

/// <summary>One data item's rule outcomes.</summary>
public sealed record DataItemReport(string Role, IReadOnlyList<string> Files, long Rows, IReadOnlyList<RuleOutcome> Rules);

/// <summary>One data item's drift against the training data.</summary>
public sealed record DriftReport(string Reference, string Current, IReadOnlyList<string> Files, DriftSettings Settings, IReadOnlyList<ColumnDrift> Columns);
