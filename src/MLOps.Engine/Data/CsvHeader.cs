using MLOps.Engine.Diagnostics;

namespace MLOps.Engine.Data;

/// <summary>Reads and checks a file's header row.</summary>
internal static class CsvHeader
{
    /// <summary>The column names, or null (with a diagnostic) when the file is empty or the header is unusable.</summary>
    public static string[]? Read(CsvReader reader, DiagnosticBag diagnostics)
    {
        if (!reader.Read())
        {
            if (!reader.Failed)
                diagnostics.Error(DiagnosticCodes.EmptyFile, "The file is empty: it has no header row. A data file starts with a header row naming its columns.", reader.DisplayPath);
            return null;
        }
        var names = new string[reader.FieldCount];
        var ok = true;
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = reader.GetString(i).Trim();
            var (line, column) = reader.Locate(i);
            if (names[i].Length == 0)
            {
                diagnostics.Error(DiagnosticCodes.EmptyColumnName, $"Column {i + 1} of the header has no name. Give every column a name.", reader.DisplayPath, line, column);
                ok = false;
            }
            else if (seen.TryGetValue(names[i], out var first))
            {
                diagnostics.Error(DiagnosticCodes.DuplicateColumn,
                    $"Column name '{names[i]}' appears twice in the header (columns {first + 1} and {i + 1}). Column names must be unique.",
                    reader.DisplayPath, line, column);
                ok = false;
            }
            else
            {
                seen[names[i]] = i;
            }
        }
        return ok ? names : null;
    }
}
