using MLOps.Engine.Diagnostics;

namespace MLOps.Engine.Data;

/// <summary>
/// Decides each column's type from the values in training data, when no data contract says it:
/// all true/false → boolean; more than half numbers → number (the rest are then reported as bad values);
/// more than 50 distinct values that are most of the rows → text (an identifier or free text, not a feature);
/// otherwise category.
/// </summary>
public static class TypeInference
{
    /// <summary>Above this many distinct values a column may be text rather than a category.</summary>
    public const int MaxCategoryLevels = 50;
    private const int DistinctTrackingLimit = 100_000;

    /// <summary>What one column's values showed.</summary>
    internal sealed class Stats
    {
        public long Present;
        public long Numbers;
        public long Booleans;
        public readonly HashSet<string> Distinct = new(StringComparer.Ordinal);

        /// <summary>Adds what another part of the data showed. The distinct count stays what one pass would count: each part keeps up to the limit.</summary>
        public void Add(Stats other)
        {
            Present += other.Present;
            Numbers += other.Numbers;
            Booleans += other.Booleans;
            foreach (var value in other.Distinct)
            {
                if (Distinct.Count >= DistinctTrackingLimit) break;
                Distinct.Add(value);
            }
        }
    }

    /// <summary>A file's header and what each of its columns showed: what inference would count reading it.</summary>
    internal sealed record Counts(string[] Header, Stats[] Columns);

    /// <summary>
    /// The types of the columns named in the first file's header, or null (with diagnostics) when a file cannot be read.
    /// A file whose values the fingerprint counted as it hashed them (<see cref="HeldFiles.TypeCountsOf"/>) is not read again.
    /// </summary>
    public static IReadOnlyDictionary<string, ColumnType>? Infer(IReadOnlyList<DataFile> files, DiagnosticBag diagnostics, CancellationToken cancel = default)
    {
        string[]? header = null;
        Stats[] stats = [];
        foreach (var file in files)
        {
            cancel.ThrowIfCancellationRequested();
            if (HeldFiles.TypeCountsOf(file.FullPath) is { } counted && (header is null || header.SequenceEqual(counted.Header)))
            {
                if (header is null)
                {
                    header = counted.Header;
                    stats = header.Select(_ => new Stats()).ToArray();
                }
                for (var i = 0; i < header.Length; i++) stats[i].Add(counted.Columns[i]);
                continue;
            }
            using var reader = TableLoader.OpenOrReport(file, diagnostics);
            if (reader is null) return null;
            var names = CsvHeader.Read(reader, diagnostics);
            if (names is null) return null;
            if (header is null)
            {
                header = names;
                stats = names.Select(_ => new Stats()).ToArray();
            }
            else if (!TableLoader.SameHeader(header, names, files[0], reader, diagnostics))
            {
                return null;
            }
            // A large file without quotes is read in byte ranges on every core; its parts add up to one pass.
            var fileStats = names.Select(_ => new Stats()).ToArray();
            var columns = header.Length;
            if (!CsvChunks.TryRead(file, reader, Environment.ProcessorCount,
                    (range, _) =>
                    {
                        cancel.ThrowIfCancellationRequested();
                        var part = names.Select(_ => new Stats()).ToArray();
                        Observe(range, columns, part);
                        return part;
                    },
                    (part, _) =>
                    {
                        for (var i = 0; i < columns; i++) fileStats[i].Add(part[i]);
                    }, diagnostics, out var failed))
            {
                fileStats = names.Select(_ => new Stats()).ToArray();
                cancel.ThrowIfCancellationRequested();
                Observe(reader, columns, fileStats);
                failed = reader.Failed;
            }
            if (failed) return null;
            for (var i = 0; i < columns; i++) stats[i].Add(fileStats[i]);
        }
        if (header is null) return null;
        var types = new Dictionary<string, ColumnType>(StringComparer.Ordinal);
        for (var i = 0; i < header.Length; i++) types[header[i]] = Decide(stats[i]);
        return types;
    }

    internal static void Observe(CsvReader reader, int columns, Stats[] stats)
    {
        while (reader.Read())
        {
            if (reader.FieldCount != columns) continue; // the loader reports it
            for (var i = 0; i < columns; i++)
            {
                if (reader.IsEmpty(i)) continue;
                var s = stats[i];
                s.Present++;
                if (reader.TryGetDouble(i, out _) || ValueParsing.IsNonFiniteToken(reader.GetField(i)))
                {
                    s.Numbers++;
                    continue; // distinct values only decide category or text, which numbers never are
                }
                if (ValueParsing.TryParseBoolean(reader.GetField(i), out _)) s.Booleans++;
                if (s.Distinct.Count < DistinctTrackingLimit) s.Distinct.Add(reader.GetString(i));
            }
        }
    }

    private static ColumnType Decide(Stats s)
    {
        if (s.Present == 0) return ColumnType.Text;
        if (s.Booleans == s.Present) return ColumnType.Boolean;
        if (s.Numbers * 2 > s.Present) return ColumnType.Number;
        if (s.Distinct.Count > MaxCategoryLevels && s.Distinct.Count * 2 > s.Present) return ColumnType.Text;
        return ColumnType.Category;
    }
}
