using System.Runtime.CompilerServices;
using MLOps.Engine.Data;
using MLOps.Engine.Diagnostics;

namespace MLOps.Engine.Pipeline;

/// <summary>
/// The data one build has loaded, so its steps parse each data file once: the checked training rows, which training
/// takes from validation, and every table, for a later load of the same files is
/// answered from a table that holds every wanted column with the wanted type (and checked the same columns for
/// missing values). Only tables that loaded without errors are kept, so a bad file is read, and reported, by
/// every step that needs it, as before.
/// </summary>
public sealed class BuildData
{
    /// <summary>The training rows as validation loaded and checked them; null until then, or when they had errors.</summary>
    internal TrainingData? Training { get; set; }

    /// <summary>What evaluation scored and computed, for the gate; null until then.</summary>
    internal EvaluatedScores? Evaluated { get; set; }

    /// <summary>Whether validation parks the evaluation rows it loads (<see cref="Park"/>): when this build trains next.</summary>
    internal bool ParkEvaluation { get; set; }

    private sealed record Entry(string[] Files, bool SameHeader, IReadOnlySet<string> Required, DataTable Table)
    {
        /// <summary>Where <see cref="Table"/> waits out of memory (<see cref="Park"/>) until a step loads it again.</summary>
        public ParkedTable? Parked { get; init; }
    }

    /// <summary>Tables smaller than this stay in memory when parked: the file costs more than they free.</summary>
    private const long MinParkedBytes = 16L << 20;

    private readonly List<Entry> _entries = [];
    private readonly HeldFiles? _held;

    /// <param name="held">The files this build keeps in memory: a file's bytes are let go once its table is loaded.</param>
    public BuildData(HeldFiles? held = null) => _held = held;

    /// <summary>The table <see cref="TableLoader.Load"/> would give, from memory when this build already read it.</summary>
    public DataTable? LoadTable(IReadOnlyList<DataFile> files, LoadOptions options, DiagnosticBag diagnostics)
    {
        var paths = files.Select(f => f.FullPath).ToArray();
        lock (_entries)
            for (var e = 0; e < _entries.Count; e++)
            {
                if (_entries[e].Parked is { } parked && _entries[e].Files.SequenceEqual(paths, StringComparer.Ordinal))
                {
                    try { _entries[e] = _entries[e] with { Table = parked.Restore(), Parked = null }; }
                    catch (IOException) { parked.Dispose(); _entries.RemoveAt(e--); continue; } // read the files again instead
                }
                if (Project(_entries[e], paths, options) is { } table) return table;
            }
        var loaded = TableLoader.Load(files, options, diagnostics);
        if (loaded is not null)
        {
            lock (_entries) _entries.Add(new Entry(paths, options.SameHeaderInEveryFile, options.Required, loaded));
            _held?.Release(paths);
        }
        return loaded;
    }

    /// <summary>Forgets the tables read from <paramref name="files"/>, which no later step reads; whether there were any.</summary>
    public bool Forget(IReadOnlyList<DataFile> files)
    {
        var paths = files.Select(f => f.FullPath).ToArray();
        lock (_entries)
        {
            var forgotten = _entries.Where(entry => entry.Files.SequenceEqual(paths, StringComparer.Ordinal)).ToArray();
            foreach (var entry in forgotten) entry.Parked?.Dispose();
            return _entries.RemoveAll(forgotten.Contains) > 0;
        }
    }

    /// <summary>
    /// Moves the large tables read from <paramref name="files"/> out of memory into temporary files until a step loads
    /// them again (<see cref="ParkedTable"/>): the evaluation rows, while the training rows are loaded and trained on, so the
    /// build holds one of the two large tables at a time, not both. A table that cannot be written stays.
    /// </summary>
    public void Park(IReadOnlyList<DataFile> files)
    {
        // Large arrays go only in a full collection, and the large object heap keeps what it frees committed unless told.
        // Outside the frame that parked them, which could otherwise keep them alive.
        if (ParkEntries(files)) GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool ParkEntries(IReadOnlyList<DataFile> files)
    {
        var paths = files.Select(f => f.FullPath).ToArray();
        var parkedAny = false;
        lock (_entries)
            for (var e = 0; e < _entries.Count; e++)
                if (_entries[e] is { Parked: null } entry && entry.Files.SequenceEqual(paths, StringComparer.Ordinal)
                    && ParkedTable.BytesOf(entry.Table) >= MinParkedBytes && ParkedTable.Park(entry.Table) is { } parked)
                {
                    _entries[e] = entry with { Table = Empty, Parked = parked };
                    parkedAny = true;
                }
        return parkedAny;
    }

    private static readonly DataTable Empty = new([], 0);

    /// <summary>Forgets everything: after the last step, so the memory goes back before the build ends.</summary>
    public void Clear()
    {
        Training = null;
        Evaluated = null;
        lock (_entries)
        {
            foreach (var entry in _entries) entry.Parked?.Dispose();
            _entries.Clear();
        }
    }

    /// <summary>The wanted columns of <paramref name="entry"/>'s table, in the wanted order, or null when it cannot stand for a fresh load.</summary>
    private static DataTable? Project(Entry entry, string[] paths, LoadOptions options)
    {
        if (!entry.Files.SequenceEqual(paths, StringComparer.Ordinal) || entry.SameHeader != options.SameHeaderInEveryFile) return null;
        if (!options.Required.All(entry.Required.Contains)) return null;
        var columns = new List<DataColumn>(options.Types.Count);
        foreach (var (name, type) in options.Types)
        {
            if (entry.Table.Find(name) is not { } column || column.Type != type) return null;
            columns.Add(column);
        }
        return new DataTable(columns, entry.Table.RowCount);
    }
}
