using System.Globalization;
using System.Text;
using MLOps.Engine.Data;
using MLOps.Engine.Diagnostics;

namespace MLOps.Engine.Contracts;

/// <summary>
/// Drafts a data contract from training data, for a person to edit and commit (<c>mlops schema infer</c>): each
/// column's type, whether it may miss values, its observed range, its categories, and id columns as unique.
/// Bounds, missing values and categories are what this data shows, not what is plausible, so the draft makes
/// those rules warnings; tighten them to errors once they say what you mean.
/// </summary>
public static class ContractInference
{
    private const int MaxListedValues = TypeInference.MaxCategoryLevels;
    private const int MaxTrackedValues = 200_000;

    private sealed class Stats
    {
        public long Present, Missing, Numbers, Integers, Booleans, DateTimes;
        public double Min = double.PositiveInfinity, Max = double.NegativeInfinity;
        public readonly ValueCounts Distinct = new(MaxTrackedValues);
        public bool Repeated;
    }

    /// <summary>The drafted contract, or null (with diagnostics) when the data cannot be read; <paramref name="cancel"/> (Ctrl+C) is checked every 4096 rows.</summary>
    public static DataContract? Infer(IReadOnlyList<DataFile> files, DiagnosticBag diagnostics, CancellationToken cancel = default)
    {
        string[]? header = null;
        Stats[] stats = [];
        long rows = 0;
        foreach (var file in files)
        {
            using var reader = TableLoader.OpenOrReport(file, diagnostics);
            var names = reader is null ? null : CsvHeader.Read(reader, diagnostics);
            if (reader is null || names is null) return null;
            if (header is null)
            {
                header = names;
                stats = names.Select(_ => new Stats()).ToArray();
            }
            else if (!TableLoader.SameHeader(header, names, files[0], reader, diagnostics)) return null;
            while (reader.Read())
            {
                if (reader.FieldCount != header.Length) continue;
                if ((++rows & 4095) == 0) cancel.ThrowIfCancellationRequested();
                for (var i = 0; i < header.Length; i++) Observe(stats[i], reader, i);
            }
            if (reader.Failed) return null;
        }
        if (header is null) return null;
        if (rows == 0)
            diagnostics.Warning(DiagnosticCodes.NoDataRows,
                "The data has a header but no rows, so every column is drafted as text with nothing learned of its values. Draft the contract from data with rows.",
                files[0].DisplayPath, 1, 1);
        var columns = header.Select((name, i) => Column(name, stats[i], rows)).ToArray();
        return new DataContract
        {
            Columns = columns,
            Severities = new Dictionary<string, Severity>
            {
                [Rules.Missing] = Severity.Warning,
                [Rules.Min] = Severity.Warning,
                [Rules.Max] = Severity.Warning,
                [Rules.Values] = Severity.Warning,
            },
        };
    }

    private static void Observe(Stats s, CsvReader reader, int i)
    {
        if (reader.IsEmpty(i))
        {
            s.Missing++;
            return;
        }
        s.Present++;
        var field = reader.GetField(i);
        if (ValueParsing.TryParseNumber(field, out var value) && double.IsFinite(value))
        {
            s.Numbers++;
            if (value == Math.Floor(value)) s.Integers++;
            s.Min = Math.Min(s.Min, value);
            s.Max = Math.Max(s.Max, value);
            return; // distinct values decide category, text or id, which numbers never are
        }
        else if (ValueParsing.TryParseBoolean(field, out _)) s.Booleans++;
        else if (LooksLikeDateTime(field)) s.DateTimes++;
        s.Distinct.Add(field, out var isNew);
        if (!isNew) s.Repeated = true;
    }

    private static bool LooksLikeDateTime(ReadOnlySpan<byte> field) =>
        field.Length is >= 8 and <= 40 && field[0] is >= (byte)'0' and <= (byte)'9' &&
        DateTime.TryParse(Encoding.UTF8.GetString(field), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out _);

    private static ColumnContract Column(string name, Stats s, long rows)
    {
        var nullable = s.Missing > 0;
        double? maxMissing = nullable ? Math.Min(1, Math.Ceiling(s.Missing * 1.5 / Math.Max(rows, 1) * 100) / 100) : null;
        ColumnContract Make(string type) => new(name, type) { Nullable = nullable ? null : false, MaxMissingShare = maxMissing };
        if (s.Present == 0) return Make(ContractTypes.Text);
        if (s.Booleans == s.Present) return Make(ContractTypes.Boolean);
        if (s.Numbers * 2 > s.Present)
            return Make(s.Integers == s.Numbers ? ContractTypes.Integer : ContractTypes.Number) with { Min = s.Min, Max = s.Max };
        if (s.DateTimes == s.Present) return Make(ContractTypes.DateTime);
        var distinct = s.Distinct.Count;
        if (distinct > MaxListedValues && distinct * 2 > s.Present)
            return !s.Repeated && s.Distinct.Overflow == 0 && s.Missing == 0 ? Make(ContractTypes.Id) with { Unique = true } : Make(ContractTypes.Text);
        return Make(ContractTypes.Category) with { Values = distinct <= MaxListedValues ? s.Distinct.ToDictionary().Keys.ToArray() : null };
    }
}
