using System.Buffers;
using System.Runtime.CompilerServices;
using MLOps.Engine.Data;
using MLOps.Engine.Diagnostics;
using MLOps.Engine.Statistics;

namespace MLOps.Engine.Contracts;

/// <summary>
/// What validating rows has found so far: every column's check, the row sample for drift, the row count, and the
/// row hashes the duplicate-row rule remembers. One pass reads one part of the data; passes over later parts are
/// absorbed in file order, which gives what one pass over everything would have given.
/// </summary>
internal sealed class ValidationPass
{
    private readonly ulong _seed;
    // The sampled rows' numbers, a column for each number check (_cell[c]; -1 for other checks), the row in sample
    // slot s at index s + 1; index 0 takes the numbers of other checks' rows left out of the sample.
    private readonly int[] _cell;
    private readonly double[][] _columns;
    private readonly int _initialRows;
    // Checks that take numbers parsed ahead, as arrays the row loop runs down (check, field, sample cell, bounds,
    // whole numbers wanted), and the other checks, which see every field.
    private int[] _fastChecks = [], _fastFields = [], _fastCells = [];
    private double[] _fastMin = [], _fastMax = [];
    private bool[] _fastIntegers = [];
    private int[] _otherChecks = [];

    /// <param name="admitSample">Row keys at or above this are left out of the sample at once (<see cref="RowSample.Bound"/>).</param>
    /// <param name="expectedSampleRows">About how many rows the sample will hold, to size it once: fresh memory is slow to touch.</param>
    public ValidationPass(DataContract contract, string? labelColumn, DiagnosticBag diagnostics, ulong seed, ulong admitSample, double expectedSampleRows)
    {
        _seed = seed;
        Checks = contract.Columns.Select(c => new ColumnCheck(c, contract, c.Name == labelColumn, diagnostics)).ToArray();
        Sample = new RowSample(ContractValidator.SampleCapacity, admitSample);
        var numbers = 0;
        _cell = Checks.Select(c => c.IsNumeric ? numbers++ : -1).ToArray();
        _columns = new double[numbers][];
        _initialRows = (int)Math.Min(Sample.Capacity, expectedSampleRows) + 1;
        if (contract.Table.MaxDuplicateRowShare is not null) RowHashes = [];
    }

    public ColumnCheck[] Checks { get; }
    public RowSample Sample { get; }
    public long Rows { get; private set; }
    public HashSet<ulong>? RowHashes { get; }
    public long DuplicateRows { get; private set; }
    /// <summary>Where the first repeated row is, as <c>file(line)</c>; found in one pass only (<see cref="NeedsOnePass"/>).</summary>
    public string? FirstDuplicateAt { get; private set; }

    /// <summary>Whether the rules remember values across rows (unique, duplicate rows), so the data must be read in one pass.</summary>
    public static bool NeedsOnePass(DataContract contract) => contract.Table.MaxDuplicateRowShare is not null || contract.Columns.Any(c => c.Unique);

    /// <summary>Points every check at its column in a file with this header.</summary>
    public void Map(string[] header)
    {
        foreach (var check in Checks) check.Index = Array.IndexOf(header, check.Column.Name);
        var all = Enumerable.Range(0, Checks.Length).ToArray();
        _fastChecks = all.Where(c => Checks[c].TakesParsedNumbers && Checks[c].Index >= 0).ToArray();
        _otherChecks = all.Except(_fastChecks).ToArray();
        _fastFields = _fastChecks.Select(c => Checks[c].Index).ToArray();
        _fastCells = _fastChecks.Select(c => _cell[c]).ToArray();
        _fastMin = _fastChecks.Select(c => Checks[c].Min).ToArray();
        _fastMax = _fastChecks.Select(c => Checks[c].Max).ToArray();
        _fastIntegers = _fastChecks.Select(c => Checks[c].WantsIntegers).ToArray();
    }

    /// <summary>
    /// Checks every remaining record of <paramref name="reader"/> (file number <paramref name="file"/> of the data item);
    /// <paramref name="cancel"/> stops it with an <see cref="OperationCanceledException"/>, looked at every 4096 records.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // runs once per range for a whole range: no time to warm up
    public void Read(CsvReader reader, int columns, int file, CancellationToken cancel = default)
    {
        var diagnostics = reader.Diagnostics;
        var (checks, cell, fastChecks, fastCells, min, max, integers) = (Checks, _cell, _fastChecks, _fastCells, _fastMin, _fastMax, _fastIntegers);
        Span<double> parsed = stackalloc double[fastChecks.Length];
        Reserve(1);
        var sample = _columns;
        Span<long> accepted = stackalloc long[fastChecks.Length];
        accepted.Clear();
        cancel.ThrowIfCancellationRequested();
        for (var records = 1L; reader.Read(); records++)
        {
            if ((records & 4095) == 0) cancel.ThrowIfCancellationRequested();
            if (reader.FieldCount != columns)
            {
                var at = reader.Locate(Math.Min(reader.FieldCount, columns) - 1);
                diagnostics.Error(DiagnosticCodes.WrongFieldCount,
                    $"The row has {reader.FieldCount} fields but the header has {columns} columns. Check for a missing or extra comma, or quote fields that contain commas.",
                    reader.DisplayPath, reader.RecordLine, at.Column);
                continue;
            }
            Rows++;
            var slot = Sample.Offer(RowSample.Key(_seed, file, reader.RecordOffset)) + 1;
            if (sample.Length > 0 && slot >= sample[0].Length) Reserve(slot + 1);
            reader.ParsePlainNumbers(_fastFields, parsed);
            for (var k = 0; k < parsed.Length; k++)
            {
                // The common case, a plain number within bounds, in a few compares; anything else gets every rule.
                var value = parsed[k];
                if (value >= min[k] && value <= max[k] && (!integers[k] || value == Math.Floor(value) && Math.Abs(value) <= ColumnCheck.MaxExactInteger))
                    accepted[k]++;
                else
                    parsed[k] = checks[fastChecks[k]].CheckField(reader);
            }
            if (slot > 0) // most rows of a large file are not sampled: storing their numbers would cost more than checking them
                for (var k = 0; k < parsed.Length; k++) sample[fastCells[k]][slot] = parsed[k];
            foreach (var c in _otherChecks)
            {
                var value = checks[c].CheckField(reader);
                if (cell[c] >= 0) sample[cell[c]][slot] = value;
            }
            if (RowHashes is not null && !RowHashes.Add(RowHash(reader)))
            {
                DuplicateRows++;
                FirstDuplicateAt ??= $"{reader.DisplayPath}({reader.RecordLine})";
            }
        }
        for (var k = 0; k < fastChecks.Length; k++) checks[fastChecks[k]].CountAccepted(accepted[k]);
    }

    /// <summary>Takes over a pass over a later part of the data, whose lines start after <paramref name="lineOffset"/> lines.</summary>
    public void Absorb(ValidationPass part, int lineOffset)
    {
        if (part.RowHashes is { Count: > 0 }) throw new InvalidOperationException("Duplicate rows are only found in one pass.");
        Rows += part.Rows;
        for (var c = 0; c < Checks.Length; c++) Checks[c].Absorb(part.Checks[c], lineOffset);
        foreach (var (key, from) in part.Sample.Kept())
        {
            var to = Sample.Offer(key) + 1;
            if (to == 0) continue;
            Reserve(to + 1);
            for (var cell = 0; cell < _columns.Length; cell++) _columns[cell][to] = part._columns[cell][from + 1];
        }
        part.ReturnColumns();
    }

    /// <summary>
    /// For every check, its column's sampled numbers (missing ones left out), sorted; null for columns of other types.
    /// The numbers are sorted where they lie, so the pass reads no more rows afterwards.
    /// </summary>
    public ReadOnlyMemory<double>?[] SortedSamples()
    {
        var sorted = new ReadOnlyMemory<double>[_columns.Length];
        Reserve(1);
        Parallel.For(0, _columns.Length, cell =>
        {
            var values = _columns[cell].AsSpan(1, Sample.Count);
            var n = 0;
            foreach (var value in values)
                if (!double.IsNaN(value)) values[n++] = value;
            RadixSort.Sort(values[..n]);
            sorted[cell] = _columns[cell].AsMemory(1, n);
        });
        return Enumerable.Range(0, Checks.Length).Select(c => _cell[c] >= 0 ? sorted[_cell[c]] : (ReadOnlyMemory<double>?)null).ToArray();
    }

    /// <summary>Makes every sample column hold at least <paramref name="length"/> entries (index 0 included).</summary>
    private void Reserve(int length)
    {
        if (_columns.Length == 0 || _columns[0]?.Length >= length) return;
        var size = _columns[0] is null ? Math.Max(length, _initialRows) : Math.Max(length, Math.Min(Sample.Capacity + 1, _columns[0].Length * 2));
        for (var cell = 0; cell < _columns.Length; cell++)
        {
            // Pooled: a part's sample is dropped once absorbed, and a large file has dozens of parts.
            var grown = ArrayPool<double>.Shared.Rent(size);
            if (_columns[cell] is { } old)
            {
                old.CopyTo(grown, 0);
                ArrayPool<double>.Shared.Return(old);
            }
            _columns[cell] = grown;
        }
    }

    private void ReturnColumns()
    {
        for (var cell = 0; cell < _columns.Length; cell++)
        {
            if (_columns[cell] is { } column) ArrayPool<double>.Shared.Return(column);
            _columns[cell] = null!;
        }
    }

    private static ulong RowHash(CsvReader reader)
    {
        var hash = 14695981039346656037UL;
        for (var i = 0; i < reader.FieldCount; i++) hash = (hash ^ ValueCounts.Hash(reader.GetField(i))) * 1099511628211UL + (ulong)i;
        return hash;
    }
}
