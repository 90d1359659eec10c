using System.Text;
using MLOps.Engine.Diagnostics;

namespace MLOps.Engine.Data;

/// <summary>What to load: the type of every wanted column, and which columns may not have missing values.</summary>
public sealed record LoadOptions(IReadOnlyDictionary<string, ColumnType> Types, IReadOnlySet<string> Required)
{
    /// <summary>
    /// When true every file must have exactly the first file's header (training data); when false a file only
    /// has to contain the wanted columns, in any order (evaluation data read against a model).
    /// </summary>
    public bool SameHeaderInEveryFile { get; init; } = true;

    /// <summary>Why a column has its type, for messages ("inferred from the training data", "from the model").</summary>
    public string TypeOrigin { get; init; } = "inferred from the training data";

    /// <summary>Stops loading (Ctrl+C) with an <see cref="OperationCanceledException"/>: checked every range and every 4096 rows.</summary>
    public CancellationToken Cancel { get; init; }
}

/// <summary>Loads CSV files into a <see cref="DataTable"/>, reporting every bad value with its file, line and column.</summary>
public static class TableLoader
{
    /// <summary>The table, or null when any error was reported.</summary>
    public static DataTable? Load(IReadOnlyList<DataFile> files, LoadOptions options, DiagnosticBag diagnostics)
    {
        string[]? firstHeader = null;
        var wanted = options.Types.Keys.ToArray();
        var builders = wanted.Select(name => ColumnBuilder.For(name, options.Types[name])).ToArray();
        var rows = 0;
        var errorsBefore = diagnostics.ErrorCount;
        foreach (var file in files)
        {
            using var reader = OpenOrReport(file, diagnostics);
            if (reader is null) continue;
            var header = CsvHeader.Read(reader, diagnostics);
            if (header is null) continue;
            if (firstHeader is null) firstHeader = header;
            else if (options.SameHeaderInEveryFile && !SameHeader(firstHeader, header, files[0], reader, diagnostics)) continue;

            if (Positions(file, reader, header, wanted, diagnostics) is not { } positions) continue;

            var (fileRows, readFailed, read) = ReadBody(file, reader, header, positions, builders, options, diagnostics);
            builders = read;
            if (fileRows == 0 && !readFailed)
                diagnostics.Error(DiagnosticCodes.NoDataRows, "The file has a header but no data rows.", file.DisplayPath, 2, 1);
            rows += fileRows;
        }
        if (diagnostics.ErrorCount > errorsBefore || firstHeader is null) return null;
        return new DataTable(builders.Select(b => b.Build()).ToArray(), rows);
    }

    /// <summary>
    /// Reads the files block by block instead of into one table, so memory stays bounded whatever their length: each
    /// block (a byte range of a large unquoted file, read on every core, or up to <paramref name="blockRows"/> rows
    /// read in one pass) becomes a table that <paramref name="prepare"/> turns into a result on the reading thread, and
    /// <paramref name="consume"/> gets the results one at a time in file order. False when any error was reported
    /// (blocks before it may have been consumed).
    /// </summary>
    public static bool Stream<T>(IReadOnlyList<DataFile> files, LoadOptions options, Func<DataTable, T> prepare, Action<T> consume,
        DiagnosticBag diagnostics, int blockRows = 65536)
    {
        var wanted = options.Types.Keys.ToArray();
        var errorsBefore = diagnostics.ErrorCount;
        var read = false;
        foreach (var file in files)
        {
            using var reader = OpenOrReport(file, diagnostics);
            if (reader is null || CsvHeader.Read(reader, diagnostics) is not { } header) continue;
            if (Positions(file, reader, header, wanted, diagnostics) is not { } positions) continue;
            read = true;
            var rows = 0;
            // Blocks are read into pooled buffers sized for a range's rows and copied out at their size: what stays
            // behind is only the blocks' columns, which the next collection takes.
            var bodyBytes = new FileInfo(file.FullPath).Length - reader.NextRecordOffset;
            var rangeRows = CsvChunks.WorthSplitting(bodyBytes, Environment.ProcessorCount)
                ? (int)(CsvChunks.EstimateRows(file, reader.NextRecordOffset) * CsvChunks.DefaultRangeBytes / bodyBytes * 1.1) + 1024 : blockRows;
            (T Result, int Rows) ReadBlock(CsvReader from, DiagnosticBag bag, int limit)
            {
                options.Cancel.ThrowIfCancellationRequested();
                var part = wanted.Select(name => ColumnBuilder.For(name, options.Types[name]).ForPart(Math.Min(limit, rangeRows))).ToArray();
                var count = ReadRows(from, header, positions, part, options, bag, limit);
                var table = new DataTable(part.Select(b => b.Build()).ToArray(), count);
                foreach (var builder in part) builder.Release();
                return (count == 0 ? default! : prepare(table), count);
            }
            void Consume((T Result, int Rows) block)
            {
                if (block.Rows == 0) return;
                rows += block.Rows;
                consume(block.Result);
            }
            if (!CsvChunks.TryRead(file, reader, Environment.ProcessorCount, (range, bag) => ReadBlock(range, bag, int.MaxValue),
                    (block, _) => Consume(block), diagnostics, out var failed))
            {
                // A small file, or one with quotes: blocks of rows read in one pass.
                for (var before = -1; !reader.Failed && reader.NextLine != before;)
                {
                    before = reader.NextLine;
                    Consume(ReadBlock(reader, diagnostics, blockRows));
                }
                failed = reader.Failed;
            }
            if (rows == 0 && !failed)
                diagnostics.Error(DiagnosticCodes.NoDataRows, "The file has a header but no data rows.", file.DisplayPath, 2, 1);
        }
        return read && diagnostics.ErrorCount == errorsBefore;
    }

    /// <summary>Where each wanted column is in <paramref name="header"/>, or null having reported the missing ones.</summary>
    private static int[]? Positions(DataFile file, CsvReader reader, string[] header, string[] wanted, DiagnosticBag diagnostics)
    {
        var positions = new int[wanted.Length];
        var complete = true;
        for (var w = 0; w < wanted.Length; w++)
        {
            positions[w] = Array.IndexOf(header, wanted[w]);
            if (positions[w] >= 0) continue;
            diagnostics.Error(DiagnosticCodes.ColumnMissingFromData,
                $"The header has no column '{wanted[w]}', which the model needs. Columns found: {MessageText.FirstFew(header)}.",
                file.DisplayPath, reader.RecordLine, 1);
            complete = false;
        }
        return complete ? positions : null;
    }

    /// <summary>
    /// Reads the rows after the header. A large file without quotes is read in byte ranges on every core
    /// (<see cref="CsvChunks"/>), its parts appended in file order, which gives what one pass gives; the builders that
    /// hold the rows read so far are returned (new ones when the file was read in ranges).
    /// </summary>
    private static (int Rows, bool Failed, ColumnBuilder[] Builders) ReadBody(DataFile file, CsvReader reader, string[] header, int[] positions,
        ColumnBuilder[] builders, LoadOptions options, DiagnosticBag diagnostics)
    {
        var bodyStart = reader.NextRecordOffset;
        var bodyBytes = new FileInfo(file.FullPath).Length - bodyStart;
        var threads = Environment.ProcessorCount;
        if (CsvChunks.WorthSplitting(bodyBytes, threads))
        {
            // Columns sized once, at the number of lines: each row takes at least one, so a clean file fills them
            // exactly and the table takes them as they are; growing or trimming a column copies it into fresh memory.
            var lines = CsvChunks.CountLines(file, bodyStart);
            var rangeRows = (int)(lines * CsvChunks.DefaultRangeBytes / bodyBytes * 1.1) + 1024;
            var whole = builders.Select(b => b.WithCapacity(lines)).ToArray();
            var rows = 0;
            if (CsvChunks.TryRead(file, reader, threads,
                    (range, bag) =>
                    {
                        options.Cancel.ThrowIfCancellationRequested();
                        var part = builders.Select(b => b.ForPart(rangeRows)).ToArray();
                        return (Builders: part, Rows: ReadRows(range, header, positions, part, options, bag));
                    },
                    (part, _) =>
                    {
                        for (var w = 0; w < whole.Length; w++) whole[w].Append(part.Builders[w]);
                        rows += part.Rows;
                    }, diagnostics, out var failed))
            {
                if (builders.All(b => b.Count == 0)) return (rows, failed, whole);
                for (var w = 0; w < builders.Length; w++) builders[w].Append(whole[w]); // a later file of the item
                return (rows, failed, builders);
            }
        }
        return (ReadRows(reader, header, positions, builders, options, diagnostics), reader.Failed, builders);
    }

    /// <summary>Reads every remaining record (up to <paramref name="limit"/> rows) of <paramref name="reader"/> into <paramref name="builders"/>; the number of rows stored.</summary>
    private static int ReadRows(CsvReader reader, string[] header, int[] positions, ColumnBuilder[] builders, LoadOptions options, DiagnosticBag diagnostics,
        int limit = int.MaxValue)
    {
        var rows = 0;
        while (rows < limit && reader.Read())
        {
            if ((rows & 4095) == 0) options.Cancel.ThrowIfCancellationRequested();
            if (reader.FieldCount != header.Length)
            {
                var (line, column) = reader.Locate(Math.Min(reader.FieldCount, header.Length) - 1);
                diagnostics.Error(DiagnosticCodes.WrongFieldCount,
                    $"The row has {reader.FieldCount} fields but the header has {header.Length} columns. The row is skipped; check for a missing or extra comma, or quote fields that contain commas.",
                    reader.DisplayPath, reader.RecordLine, reader.FieldCount > header.Length ? reader.Locate(header.Length).Column : column);
                continue;
            }
            for (var w = 0; w < builders.Length; w++)
            {
                var at = positions[w];
                if (reader.IsEmpty(at))
                {
                    if (options.Required.Contains(builders[w].Name)) ReportMissingRequired(reader, at, builders[w].Name, diagnostics);
                    builders[w].AddMissing();
                    continue;
                }
                var problem = builders[w].Add(reader.GetField(at));
                if (problem is not null) ReportBadValue(reader, at, builders[w], problem.Value, options, diagnostics);
            }
            rows++;
        }
        return rows;
    }

    internal static CsvReader? OpenOrReport(DataFile file, DiagnosticBag diagnostics)
    {
        if (!File.Exists(file.FullPath))
        {
            diagnostics.Error(DiagnosticCodes.DataFileNotFound, $"Data file not found: {file.FullPath}. Check the Include path of the item.", file.DisplayPath);
            return null;
        }
        try
        {
            return CsvReader.Open(file, diagnostics);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            diagnostics.Error(DiagnosticCodes.FileUnreadable, $"The data file cannot be read: {e.Message}", file.DisplayPath);
            return null;
        }
    }

    internal static bool SameHeader(string[] expected, string[] actual, DataFile first, CsvReader reader, DiagnosticBag diagnostics)
    {
        if (expected.SequenceEqual(actual)) return true;
        diagnostics.Error(DiagnosticCodes.HeaderMismatch,
            $"The header differs from that of {first.DisplayPath}: expected '{string.Join(",", expected)}', found '{string.Join(",", actual)}'. Files of one data item must have the same columns in the same order.",
            reader.DisplayPath, reader.RecordLine, 1);
        return false;
    }

    private static void ReportMissingRequired(CsvReader reader, int at, string name, DiagnosticBag diagnostics)
    {
        var (line, column) = reader.Locate(at);
        diagnostics.Error(DiagnosticCodes.MissingLabel,
            $"The label column '{name}' has no value in this row. Every training and evaluation row needs a label; fill it in or remove the row.",
            reader.DisplayPath, line, column);
    }

    private static void ReportBadValue(CsvReader reader, int at, ColumnBuilder builder, ValueProblem problem, LoadOptions options, DiagnosticBag diagnostics)
    {
        var (line, column) = reader.Locate(at);
        var value = Quote(reader.GetField(at));
        var (code, message) = problem switch
        {
            ValueProblem.NotANumber => (DiagnosticCodes.NotANumber,
                $"Column '{builder.Name}' holds numbers ({options.TypeOrigin}) but this value is {value}, which is not a number. Fix the value, leave the field empty for a missing value, or declare the column's type in a data contract."),
            ValueProblem.NonFinite => (DiagnosticCodes.NonFiniteNumber,
                $"Column '{builder.Name}' has the value {value}, which is not a finite number (infinite, NaN, or beyond ±1.8e308). Leave the field empty for a missing value."),
            _ => (DiagnosticCodes.NotABoolean,
                $"Column '{builder.Name}' holds true/false values ({options.TypeOrigin}) but this value is {value}."),
        };
        diagnostics.Error(code, message, reader.DisplayPath, line, column);
    }

    private static string Quote(ReadOnlySpan<byte> field)
    {
        var text = Encoding.UTF8.GetString(field);
        return text.Length > 60 ? $"'{text[..57]}...'" : $"'{text}'";
    }
}
