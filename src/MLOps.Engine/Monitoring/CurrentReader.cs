using System.Globalization;
using MLOps.Engine.Data;
using MLOps.Engine.Diagnostics;
using MLOps.Engine.Pipeline;
using MLOps.Runtime;
using MLOps.Runtime.Monitoring;

namespace MLOps.Engine.Monitoring;

/// <summary>Where the labels of current rows come from: a CSV file joined on a key column.</summary>
public sealed record LabelJoin(DataFile File, string Key);

/// <summary>What a monitoring run reads besides the package: the current data and how to cut and label it.</summary>
public sealed record CurrentRequest(IReadOnlyList<DataFile> Data, ChunkBy? Chunk, LabelJoin? Labels)
{
    /// <summary>The CSV column that says when a row was scored, for time chunks of CSV data (a log has its own).</summary>
    public const string TimeColumn = "time";

    /// <summary>Rows a block of CSV data holds when it is read in one pass (a small file or one with quotes); results do not depend on it.</summary>
    public int BlockRows { get; init; } = 65536;
}

/// <summary>
/// Turns the current data into chunks on the reference's bins. CSV files are read in row blocks with the model's
/// column types, each block scored with the runtime and binned column by column in parallel, then dropped; a prediction log (a folder or
/// <c>.jsonl</c> files) is counted record by record with the runtime's <see cref="ProfileBuilder"/>, using the score
/// the app logged; scoring profiles are taken as they are, one chunk each.
/// </summary>
public static class CurrentReader
{
    /// <summary>The chunks, in order, or null with errors.</summary>
    public static IReadOnlyList<CurrentChunk>? Read(ScoringProfile referenceProfile, MonitorReference reference, Model? model, CurrentRequest request, DiagnosticBag diagnostics, CancellationToken cancel = default)
    {
        var kinds = request.Data.Select(Kind).Distinct().ToArray();
        if (request.Data.Count == 0 || kinds.Contains(DataKind.None) || kinds.Length > 1)
        {
            var missing = request.Data.FirstOrDefault(f => Kind(f) == DataKind.None);
            diagnostics.Error(DiagnosticCodes.MonitorDataNotFound, missing is not null
                ? $"{missing.DisplayPath} is not a CSV file, a prediction log (.jsonl or a folder of them) or a scoring profile (.profile.json)."
                : "Give the current data as CSV files, a prediction log, or scoring profiles, one kind at a time.");
            return null;
        }
        if (model is null && kinds[0] != DataKind.Profiles)
        {
            diagnostics.Error(DiagnosticCodes.MonitorDataNotFound, "Rows (CSV files, a prediction log) are read with the model: give the model package or model file, not only its profile.");
            return null;
        }
        IReadOnlyDictionary<string, double>? labels = null;
        if (request.Labels is { } join)
        {
            if (kinds[0] == DataKind.Profiles)
            {
                diagnostics.Error(DiagnosticCodes.MonitorLabelsNeedRows, "Labels join rows by key, and a scoring profile keeps no rows: pass the prediction log or CSV files to use --labels.");
                return null;
            }
            labels = LabelFile.Read(join.File, join.Key, model!.Document.Label, reference.Task, diagnostics);
            if (labels is null) return null;
        }
        var chunks = kinds[0] switch
        {
            DataKind.Csv => FromCsv(reference, model!, request, labels, diagnostics, cancel),
            DataKind.Log => FromLog(referenceProfile, reference, model!, request, labels, diagnostics, cancel),
            _ => FromProfiles(referenceProfile, request.Data, diagnostics),
        };
        if (chunks is not null && labels is not null && chunks.All(c => c.Labels is not { Length: > 0 }))
            diagnostics.Warning(DiagnosticCodes.MonitorNoLabelsJoined, $"No current row's '{request.Labels!.Key}' matched a key of {request.Labels.File.DisplayPath}: there is no realized performance to report.");
        return chunks;
    }

    private enum DataKind { None, Csv, Log, Profiles }

    private static DataKind Kind(DataFile file)
    {
        if (Directory.Exists(file.FullPath))
            return PredictionLogFormat.Files(file.FullPath).Count > 0 ? DataKind.Log
                : Directory.GetFiles(file.FullPath, "*.profile.json").Length > 0 ? DataKind.Profiles : DataKind.None;
        if (!File.Exists(file.FullPath)) return DataKind.None;
        return file.FullPath.EndsWith(PredictionLogFormat.Extension, StringComparison.OrdinalIgnoreCase) ? DataKind.Log
            : file.FullPath.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? DataKind.Profiles : DataKind.Csv;
    }

    private static IReadOnlyList<CurrentChunk>? FromCsv(MonitorReference reference, Model model, CurrentRequest request, IReadOnlyDictionary<string, double>? labels, DiagnosticBag diagnostics, CancellationToken cancel)
    {
        var types = model.Inputs.ToDictionary(i => i.Name, i => i.Type switch
        {
            InputTypes.Category => ColumnType.Category,
            InputTypes.Boolean => ColumnType.Boolean,
            _ => ColumnType.Number,
        }, StringComparer.Ordinal);
        if (request.Labels is { } join) types[join.Key] = ColumnType.Text;
        if (request.Chunk?.Span is not null) types[CurrentRequest.TimeColumn] = ColumnType.Text;
        var options = new LoadOptions(types, new HashSet<string>()) { SameHeaderInEveryFile = false, TypeOrigin = "from the model", Cancel = cancel };
        var width = model.ClassCount > 1 ? model.ClassCount : 1;
        var calibration = ClassifierCalibration.Of(reference);
        // One pass over row blocks: each block is scored on the thread that read it, then binned and added to its
        // chunks in file order, so memory is bounded by the blocks in flight, not by the rows.
        var sums = new ChunkSums();
        long rows = 0;
        var badTime = false;
        var read = TableLoader.Stream(request.Data, options,
            table => (Table: table, Scores: width > 1 ? ModelBuild.ScoreClasses(model, table) : ModelBuild.Score(model, table)),
            block =>
            {
                var keys = request.Labels is { } j ? block.Table.Find(j.Key) : null;
                var ranges = badTime ? null : Ranges(block.Table, rows, request.Chunk, diagnostics);
                badTime |= ranges is null;
                foreach (var (key, start, end) in ranges ?? [])
                    sums.Add(key, Part(reference, calibration, block.Table, block.Scores, width, start, end, keys, labels));
                rows += block.Table.RowCount;
            }, diagnostics, request.BlockRows);
        cancel.ThrowIfCancellationRequested();
        if (!read || badTime) return null;
        // Row chunks are named once the last one's end is known; runs of one time span (rows out of time order) are one chunk.
        string RowsLabel(long n, int size) => string.Create(CultureInfo.InvariantCulture, $"rows {n * size + 1:N0}–{Math.Min(rows, (n + 1) * size):N0}");
        return request.Chunk?.Rows is { } size ? sums.ToChunks(key => RowsLabel(long.Parse(key, CultureInfo.InvariantCulture), size)) : sums.ToChunks(key => key);
    }

    private static IReadOnlyList<CurrentChunk>? FromLog(ScoringProfile referenceProfile, MonitorReference reference, Model model, CurrentRequest request, IReadOnlyDictionary<string, double>? labels, DiagnosticBag diagnostics, CancellationToken cancel)
    {
        var chunks = new List<CurrentChunk>();
        var row = model.CreateRow();
        var fingerprint = model.Document.Training.Fingerprint;
        long otherModel = 0, inChunk = 0;
        string? label = null;
        ProfileBuilder? builder = null;
        var calibration = ClassifierCalibration.Of(reference);
        ScoreSummary? scores = null;
        var (joinedLabels, joinedScores) = (new List<double>(), new List<double>());
        void Close()
        {
            if (builder is null || builder.Rows == 0) return;
            var data = ProfileReference.Current(builder.ToProfile(), referenceProfile, "the prediction log") with { Scores = scores };
            chunks.Add(new CurrentChunk(label!, data, labels is null ? null : [.. joinedLabels], labels is null ? null : [.. joinedScores]));
            (joinedLabels, joinedScores) = (new(), new());
        }
        try
        {
            foreach (var file in request.Data)
            foreach (var record in PredictionLogFormat.Read(file.FullPath))
            {
                if (((otherModel + inChunk) & 0xFFF) == 0) cancel.ThrowIfCancellationRequested();
                if (record.Fingerprint != fingerprint) { otherModel++; continue; }
                var next = request.Chunk switch
                {
                    { Span: not null } c => c.Label(record.Time),
                    { Rows: { } size } => inChunk % size == 0 ? string.Create(CultureInfo.InvariantCulture, $"rows {inChunk + 1:N0}–{inChunk + size:N0}") : label,
                    _ => "all",
                };
                if (next != label)
                {
                    Close();
                    (label, builder) = (next, new ProfileBuilder(referenceProfile));
                    scores = calibration is null ? null : new ScoreSummary(calibration);
                }
                record.FillRow(row);
                var outputs = record.Probabilities is { } p ? p.ToArray() : [record.Score ?? double.NaN];
                builder!.Add(row.Numbers, row.Categories, outputs, time: record.Time);
                if (scores is not null && outputs.Length == scores.Classes) scores.Add(outputs);
                if (labels is not null && record.Key is { } key && labels.TryGetValue(key, out var truth))
                {
                    joinedLabels.Add(truth);
                    joinedScores.AddRange(outputs);
                }
                inChunk++;
            }
        }
        catch (InvalidDataException e)
        {
            diagnostics.Error(DiagnosticCodes.MonitorProfileUnreadable, e.Message);
            return null;
        }
        Close();
        if (otherModel > 0)
            diagnostics.Warning(DiagnosticCodes.MonitorProfileMismatch, $"{otherModel:N0} logged predictions were made by another model (training fingerprint other than {fingerprint}) and were left out.");
        if (chunks.Count == 0)
        {
            diagnostics.Error(DiagnosticCodes.MonitorDataNotFound, $"The prediction log holds no predictions of this model ({string.Join(", ", request.Data.Select(d => d.DisplayPath))}).");
            return null;
        }
        // Time chunks come out in time order whatever order the records were in.
        return request.Chunk?.Span is null ? chunks : chunks.GroupBy(c => c.Label).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Aggregate((a, b) =>
            new CurrentChunk(a.Label, a.Data.Plus(b.Data), a.Labels is null ? null : [.. a.Labels, .. b.Labels!], a.Scores is null ? null : [.. a.Scores, .. b.Scores!]))).ToArray();
    }

    private static IReadOnlyList<CurrentChunk>? FromProfiles(ScoringProfile referenceProfile, IReadOnlyList<DataFile> data, DiagnosticBag diagnostics)
    {
        var files = data.SelectMany(d => Directory.Exists(d.FullPath)
            ? Directory.GetFiles(d.FullPath, "*.profile.json").Order(StringComparer.Ordinal).Select(f => new DataFile(f, Path.Combine(d.DisplayPath, Path.GetFileName(f))))
            : [d]).ToArray();
        var chunks = new List<CurrentChunk>();
        foreach (var file in files)
        {
            try
            {
                var profile = ProfileFormat.Read(file.FullPath);
                var label = profile.FirstScored is { } first ? first.UtcDateTime.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture) : Path.GetFileName(file.DisplayPath);
                chunks.Add(new CurrentChunk(label, ProfileReference.Current(profile, referenceProfile, file.DisplayPath), null, null));
            }
            catch (InvalidDataException e)
            {
                diagnostics.Error(DiagnosticCodes.MonitorProfileMismatch, e.Message, file.DisplayPath);
            }
        }
        return diagnostics.HasErrors ? null : chunks;
    }

    /// <summary>
    /// A block's contiguous row ranges with their chunk's key: "all", every N rows (the number of the N-row chunk,
    /// counted from the first file's first row <paramref name="before"/> rows ago, zero-padded so keys sort as numbers),
    /// or runs of rows in one time span (the span's label, which sorts as times do).
    /// </summary>
    private static List<(string Key, int Start, int End)>? Ranges(DataTable table, long before, ChunkBy? chunk, DiagnosticBag diagnostics)
    {
        var rows = table.RowCount;
        var ranges = new List<(string, int, int)>();
        if (chunk?.Rows is { } size)
        {
            for (var start = 0; start < rows;)
            {
                var key = (before + start) / size;
                var end = (int)Math.Min(rows, (key + 1) * size - before);
                ranges.Add((key.ToString("D19", CultureInfo.InvariantCulture), start, end));
                start = end;
            }
            return ranges;
        }
        if (chunk?.Span is null)
        {
            ranges.Add(("all", 0, rows));
            return ranges;
        }
        var time = table.Find(CurrentRequest.TimeColumn);
        if (time?.Codes is not { } codes)
        {
            diagnostics.Error(DiagnosticCodes.MonitorInvalidChunk, $"Chunks by time need a '{CurrentRequest.TimeColumn}' column (ISO 8601) in the CSV data; chunk by rows instead (e.g. --chunk 10000).");
            return null;
        }
        var labels = time.Levels!.Select(l => DateTimeOffset.TryParse(l, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? chunk.Label(t) : null).ToArray();
        var runStart = 0;
        for (var r = 0; r <= rows; r++)
        {
            if (r < rows && codes[r] >= 0 && labels[codes[r]] is null)
            {
                diagnostics.Error(DiagnosticCodes.MonitorInvalidChunk, $"'{time.Levels![codes[r]]}' in column '{CurrentRequest.TimeColumn}' (row {before + r + 1}) is not a time (ISO 8601).");
                return null;
            }
            string Label(int row) => codes[row] < 0 ? "no time" : labels[codes[row]]!;
            if (r == rows || (r > runStart && Label(r) != Label(runStart)))
            {
                if (r > runStart) ranges.Add((Label(runStart), runStart, r));
                runStart = r;
            }
        }
        return ranges;
    }

    private static CurrentChunk Part(MonitorReference reference, ClassifierCalibration? calibration, DataTable table, double[] scores, int width, int start, int end, DataColumn? keys, IReadOnlyDictionary<string, double>? labels)
    {
        var columns = new BinCounts[reference.Columns.Count];
        Parallel.For(0, columns.Length, c =>
        {
            var column = reference.Columns[c];
            columns[c] = table.Find(column.Bins.Name) is { } data ? Binning.Count(column.Bins, data, start, end) : null!;
        });
        var counts = reference.Columns.Select((c, i) => (c.Bins.Name, Counts: columns[i])).Where(p => p.Counts is not null)
            .ToDictionary(p => p.Name, p => p.Counts, StringComparer.Ordinal);
        BinCounts? prediction = null;
        if (width == 1 && reference.Prediction is { } p) prediction = Binning.CountNumbers(p.Bins, scores.AsSpan(start, end - start));
        var summary = calibration is null ? null : ScoreSummary.Of(calibration, scores.AsSpan(start * width, (end - start) * width));
        double[]? joinedLabels = null, joinedScores = null;
        if (keys is not null && labels is not null)
        {
            var (l, s) = (new List<double>(), new List<double>());
            for (var r = start; r < end; r++)
            {
                if (keys.Codes![r] < 0 || !labels.TryGetValue(keys.Levels![keys.Codes[r]], out var label)) continue;
                l.Add(label);
                s.AddRange(scores.AsSpan(r * width, width));
            }
            (joinedLabels, joinedScores) = ([.. l], [.. s]);
        }
        return new CurrentChunk("all", new CurrentData(end - start, counts, prediction, summary), joinedLabels, joinedScores);
    }
}
