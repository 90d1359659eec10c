using System.Globalization;
using MLOps.Engine.Data;
using MLOps.Engine.Diagnostics;

namespace MLOps.Engine.Contracts;

/// <summary>
/// Checks a data item (one or more CSV files) against a data contract in one streaming pass: every broken rule is
/// a diagnostic with the contract's severity at the value's file, line and column (capped per code, then
/// counted), and every rule's outcome goes into the validation report. Memory does not grow with the rows except
/// for the rules that must remember values (unique, duplicate rows: 8–12 bytes per row).
/// </summary>
public static class ContractValidator
{
    /// <summary>Rows sampled per data item for numeric drift statistics.</summary>
    public const int SampleCapacity = 50_000;
    /// <summary>Distinct values counted per column.</summary>
    public const int MaxCountedValues = 10_000;

    /// <summary>
    /// Validates <paramref name="files"/> (named <paramref name="role"/> in messages: "training data", …). Large files
    /// are read on <paramref name="threads"/> threads (default: every core); the outcome is the same for any number.
    /// <paramref name="cancel"/> (Ctrl+C) stops reading with an <see cref="OperationCanceledException"/> within a few thousand rows.
    /// </summary>
    public static ValidationOutcome? Validate(string role, IReadOnlyList<DataFile> files, DataContract contract, string? labelColumn, DiagnosticBag diagnostics,
        ulong seed = 42, int? threads = null, CancellationToken cancel = default) =>
        Validate(role, files, contract, labelColumn, diagnostics, seed, threads ?? Environment.ProcessorCount, CsvChunks.DefaultRangeBytes, cancel);

    /// <summary>The same, reading bodies larger than <paramref name="rangeBytes"/> in ranges of that size (tests use small ones).</summary>
    internal static ValidationOutcome? Validate(string role, IReadOnlyList<DataFile> files, DataContract contract, string? labelColumn, DiagnosticBag diagnostics, ulong seed, int threads, long rangeBytes,
        CancellationToken cancel = default)
    {
        var required = (contract.Table.RequiredColumns ?? contract.Columns.Select(c => c.Name).ToArray()).ToHashSet(StringComparer.Ordinal);
        var headerAt = new Dictionary<string, Place>(StringComparer.Ordinal);
        ValidationPass? pass = null;
        var missingRequired = new List<string>();
        var undeclared = new List<string>();
        var readable = true;

        for (var fileIndex = 0; fileIndex < files.Count; fileIndex++)
        {
            cancel.ThrowIfCancellationRequested();
            var file = files[fileIndex];
            using var reader = TableLoader.OpenOrReport(file, diagnostics);
            var header = reader is null ? null : CsvHeader.Read(reader, diagnostics);
            if (reader is null || header is null)
            {
                readable = false;
                continue;
            }
            for (var i = 0; i < header.Length; i++)
            {
                var (line, column) = reader.Locate(i);
                headerAt.TryAdd(header[i], new Place(file.DisplayPath, line, column));
            }
            foreach (var name in required.Where(r => !header.Contains(r)))
            {
                missingRequired.Add($"{name} ({file.DisplayPath})");
                Report(diagnostics, contract, Rules.RequiredColumns, null,
                    $"The contract requires column '{name}', which the header of the {role} does not have. Columns found: {MessageText.FirstFew(header)}.", file.DisplayPath, reader.RecordLine, 1);
            }
            for (var i = 0; i < header.Length; i++)
            {
                if (contract.Find(header[i]) is not null) continue;
                undeclared.Add(header[i]);
                var (line, column) = reader.Locate(i);
                Report(diagnostics, contract, Rules.UndeclaredColumn, null,
                    $"Column '{header[i]}' is not declared in the data contract{(contract.Source is null ? "" : $" {contract.Source.DisplayPath}")}; its values are not checked. Declare it, or remove it from the data.",
                    file.DisplayPath, line, column);
            }

            var (filePass, failed) = ReadBody(file, fileIndex, reader, header, contract, labelColumn, diagnostics, seed, threads, rangeBytes, cancel);
            readable &= !failed;
            if (pass is null) pass = filePass;
            else pass.Absorb(filePass, 0);
        }
        if (!readable || pass is null) return null;

        var checks = pass.Checks;
        var rows = pass.Rows;
        var outcomes = new List<RuleOutcome>();
        var source = files[0].DisplayPath;
        var table = contract.Table;
        outcomes.Add(new RuleOutcome(Rules.RequiredColumns, null, $"columns {string.Join(", ", required)}", missingRequired.Count, contract.SeverityOf(Rules.RequiredColumns),
            missingRequired.Count == 0 ? null : string.Join("; ", missingRequired)));
        outcomes.Add(new RuleOutcome(Rules.UndeclaredColumn, null, "every column declared", undeclared.Distinct().Count(), contract.SeverityOf(Rules.UndeclaredColumn),
            undeclared.Count == 0 ? null : string.Join(", ", undeclared.Distinct())));
        if (table.MinRows is not null || table.MaxRows is not null)
        {
            var outside = rows < table.MinRows || rows > table.MaxRows;
            var range = $"{table.MinRows?.ToString("N0", CultureInfo.InvariantCulture) ?? "0"} to {table.MaxRows?.ToString("N0", CultureInfo.InvariantCulture) ?? "any number of"} rows";
            outcomes.Add(new RuleOutcome(Rules.Rows, null, range, outside ? 1 : 0, contract.SeverityOf(Rules.Rows), outside ? $"{rows:N0} rows" : null));
            if (outside)
                Report(diagnostics, contract, Rules.Rows, null, $"The {role} has {rows:N0} rows; the contract allows {range}.", source, 0, 0);
        }
        if (pass.RowHashes is not null)
        {
            var (duplicateRows, firstDuplicateAt) = (pass.DuplicateRows, pass.FirstDuplicateAt);
            var share = rows == 0 ? 0 : (double)duplicateRows / rows;
            var over = share > table.MaxDuplicateRowShare;
            outcomes.Add(new RuleOutcome(Rules.DuplicateRows, null, $"at most {Percent(table.MaxDuplicateRowShare!.Value)} duplicate rows", over ? duplicateRows : 0, contract.SeverityOf(Rules.DuplicateRows), firstDuplicateAt));
            if (over)
                Report(diagnostics, contract, Rules.DuplicateRows, null,
                    $"{duplicateRows:N0} rows of the {role} ({Percent(share)}) repeat an earlier row exactly (the first at {firstDuplicateAt}); the contract allows at most {Percent(table.MaxDuplicateRowShare.Value)}.", source, 0, 0);
        }
        foreach (var check in checks) outcomes.AddRange(ColumnOutcomes(check, contract, role, rows, labelColumn, diagnostics, source));

        var samples = pass.SortedSamples();
        var profile = new DataProfile(role, files.Select(f => f.DisplayPath).ToArray(), rows,
            Enumerable.Range(0, checks.Length).Where(c => checks[c].Present + checks[c].Missing > 0)
                .Select(c => new ColumnProfile(checks[c].Column.Name, checks[c].Column.Type, checks[c].Missing, samples[c], checks[c].Counts?.ToDictionary(), rows > pass.Sample.Count, headerAt[checks[c].Column.Name]))
                .ToDictionary(p => p.Name));
        return new ValidationOutcome(role, profile.Files, rows, outcomes, profile);
    }

    private static IEnumerable<RuleOutcome> ColumnOutcomes(ColumnCheck check, DataContract contract, string role, long rows, string? labelColumn, DiagnosticBag diagnostics, string source)
    {
        var c = check.Column;
        RuleOutcome Outcome(string rule, string requirement) =>
            new(rule, c.Name, requirement, check.Violations.GetValueOrDefault(rule).Count, contract.SeverityOf(rule, c), check.Violations.GetValueOrDefault(rule).At?.ToString());

        yield return new RuleOutcome(Rules.Type, c.Name, c.Type, check.Violations.GetValueOrDefault(Rules.Type).Count, Severity.Error, check.Violations.GetValueOrDefault(Rules.Type).At?.ToString());
        if (c.Nullable == false) yield return Outcome(Rules.Missing, "no missing values");
        else if (c.MaxMissingShare is { } allowed)
        {
            var share = rows == 0 ? 0 : (double)check.Missing / rows;
            var over = share > allowed;
            if (over)
                Report(diagnostics, contract, Rules.Missing, c,
                    $"Column '{c.Name}' misses a value in {check.Missing:N0} of {rows:N0} rows of the {role} ({Percent(share)}, the first at {check.FirstMissingAt}); the contract allows at most {Percent(allowed)}.", source, 0, 0);
            yield return new RuleOutcome(Rules.Missing, c.Name, $"at most {Percent(allowed)} missing", over ? check.Missing : 0, contract.SeverityOf(Rules.Missing, c), over ? check.FirstMissingAt?.ToString() : null);
        }
        if (c.Min is { } min) yield return Outcome(Rules.Min, $"≥ {ColumnCheck.Format(min)}");
        if (c.Max is { } max) yield return Outcome(Rules.Max, $"≤ {ColumnCheck.Format(max)}");
        if (c.Values is { } values) yield return Outcome(Rules.Values, $"one of {string.Join(", ", values.Take(10))}{(values.Count > 10 ? ", …" : "")}");
        if (c.Regex is { } regex) yield return Outcome(Rules.Regex, $"matches {regex}");
        if (check.PatternTimedOut)
            diagnostics.Error(DiagnosticCodes.PatternTimedOut,
                $"Column '{c.Name}' has a \"regex\" that took longer than {ContractPattern.MatchTimeout.TotalSeconds:0} s to match a value of the {role}{(check.PatternTimedOutAt is { } at ? $" (at {at})" : "")}, so the rest of the column was not matched. " +
                "The regex uses lookarounds or backreferences, which need the backtracking engine; rewrite it without them, or without nested repetition such as (a+)+.",
                contract.Source?.DisplayPath, c.RegexAt.Line, c.RegexAt.Column);
        if (c.Unique) yield return Outcome(Rules.Unique, "unique");
        if (c.Name == labelColumn && check.Counts is { Count: > 0 } counts && (contract.Table.MinLabelClassShare is not null || contract.Table.MaxLabelClassShare is not null))
        {
            var total = (double)counts.ToDictionary().Values.Sum();
            var outside = counts.ToDictionary().Where(p => p.Value / total < contract.Table.MinLabelClassShare || p.Value / total > contract.Table.MaxLabelClassShare).ToArray();
            var requirement = $"each class {Percent(contract.Table.MinLabelClassShare ?? 0)} to {Percent(contract.Table.MaxLabelClassShare ?? 1)} of rows";
            foreach (var (label, count) in outside)
                Report(diagnostics, contract, Rules.LabelClassShare, null,
                    $"Label '{label}' of column '{c.Name}' is {Percent(count / total)} of the {role}; the contract wants {requirement}.", source, 0, 0);
            yield return new RuleOutcome(Rules.LabelClassShare, c.Name, requirement, outside.Length, contract.SeverityOf(Rules.LabelClassShare),
                outside.Length == 0 ? null : string.Join(", ", outside.Select(o => $"{o.Key} {Percent(o.Value / total)}")));
        }
    }

    /// <summary>
    /// Checks the rows after the header: in byte ranges on several threads when the file is large, has no quotes and
    /// no rule needs to remember values across rows; else in one pass with <paramref name="reader"/>.
    /// </summary>
    private static (ValidationPass Pass, bool Failed) ReadBody(DataFile file, int fileIndex, CsvReader reader, string[] header, DataContract contract, string? labelColumn,
        DiagnosticBag diagnostics, ulong seed, int threads, long rangeBytes, CancellationToken cancel)
    {
        var bodyStart = reader.NextRecordOffset;
        var bodyBytes = new FileInfo(file.FullPath).Length - bodyStart;
        var expectedRows = CsvChunks.EstimateRows(file, bodyStart);
        var admitted = RowSample.AdmittedShare(SampleCapacity, expectedRows);
        var admit = RowSample.Bound(admitted);
        var sampleRows = Math.Min(SampleCapacity, 1.1 * admitted * expectedRows) + 1024;
        var rangeSampleRows = Math.Min(sampleRows, 1.2 * admitted * expectedRows * rangeBytes / Math.Max(1, bodyBytes) + 1024);
        var whole = new ValidationPass(contract, labelColumn, diagnostics, seed, admit, sampleRows);
        if (!ValidationPass.NeedsOnePass(contract) && CsvChunks.TryRead(file, reader, threads,
                (range, bag) =>
                {
                    var part = new ValidationPass(contract, labelColumn, bag, seed, admit, rangeSampleRows);
                    part.Map(header);
                    part.Read(range, header.Length, fileIndex, cancel);
                    return part;
                },
                whole.Absorb, diagnostics, out var failed, rangeBytes))
            return (whole, failed);
        var pass = new ValidationPass(contract, labelColumn, diagnostics, seed, admit, sampleRows);
        pass.Map(header);
        pass.Read(reader, header.Length, fileIndex, cancel);
        return (pass, reader.Failed);
    }

    internal static void Report(DiagnosticBag diagnostics, DataContract contract, string rule, ColumnContract? column, string message, string file, int line, int col)
    {
        var code = Rules.CodeOf(rule);
        switch (contract.SeverityOf(rule, column))
        {
            case Severity.Error: diagnostics.Error(code, message, file, line, col); break;
            case Severity.Warning: diagnostics.Warning(code, message, file, line, col); break;
            default: diagnostics.Info(code, message, file, line, col); break;
        }
    }

    internal static string Percent(double share) => share.ToString("0.##%", CultureInfo.InvariantCulture);
}
