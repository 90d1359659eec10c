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

    private sealed record Entry(string[] Files, bool SameHeader, IReadOnlySet<string> Required, DataTable Table);

    private readonly List<Entry> _entries = [];
    private readonly HeldFiles? _held;

    /// <param name="held">The files this build keeps in memory: a file's bytes are let go once its table is loaded.</param>
    public BuildData(HeldFiles? held = null) => _held = held;

    /// <summary>The table <see cref="TableLoader.Load"/> would give, from memory when this build already read it.</summary>
    public DataTable? LoadTable(IReadOnlyList<DataFile> files, LoadOptions options, DiagnosticBag diagnostics)
    {
        var paths = files.Select(f => f.FullPath).ToArray();
        lock (_entries)
            foreach (var entry in _entries)
                if (Project(entry, paths, options) is { } table) return table;
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
        lock (_entries) return _entries.RemoveAll(entry => entry.Files.SequenceEqual(paths, StringComparer.Ordinal)) > 0;
    }

    /// <summary>Forgets everything: after the last step, so the memory goes back before the build ends.</summary>
    public void Clear()
    {
        Training = null;
        Evaluated = null;
        lock (_entries) _entries.Clear();
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
