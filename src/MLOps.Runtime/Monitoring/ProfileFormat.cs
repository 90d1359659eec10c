using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MLOps.Runtime.Monitoring;

/// <summary>Reads and writes profile files (<c>*.profile.json</c>). Writing is deterministic: the same profile gives the same bytes.</summary>
public static class ProfileFormat
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Serializes a profile to UTF-8 JSON (LF line ends, trailing newline).</summary>
    public static byte[] ToBytes(ScoringProfile profile) => JsonFile.ToBytes(profile, Options);

    /// <summary>Parses a profile, checking its format version and that its counts fit its bins.</summary>
    /// <exception cref="InvalidDataException">Not a profile this version reads; the message names <paramref name="source"/>.</exception>
    public static ScoringProfile FromBytes(ReadOnlySpan<byte> bytes, string source)
    {
        var profile = JsonFile.Parse<ScoringProfile>(bytes, Options, source, "a scoring profile");
        if (profile is null) throw new InvalidDataException($"{source} is not a scoring profile.");
        if (profile.Format > ScoringProfile.CurrentFormat || profile.Format < 1)
            throw new InvalidDataException($"{source} has profile format {profile.Format}; this MLOps.Runtime reads up to {ScoringProfile.CurrentFormat}. Update MLOps.Runtime.");
        if (Inconsistency(profile) is { } problem) throw new InvalidDataException($"{source} is not a valid scoring profile: {problem}.");
        return profile;
    }

    /// <summary>Reads a profile file.</summary>
    /// <exception cref="InvalidDataException">Not a profile this version reads.</exception>
    public static ScoringProfile Read(string path) => FromBytes(File.ReadAllBytes(path), path);

    /// <summary>Writes a profile file, replacing it whole (a reader never sees half a file).</summary>
    public static void Write(ScoringProfile profile, string path)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temporary = full + ".tmp";
        File.WriteAllBytes(temporary, ToBytes(profile));
        File.Move(temporary, full, overwrite: true);
    }

    /// <summary>The first thing that makes a parsed profile unusable (counts that do not fit their bins), or null.</summary>
    private static string? Inconsistency(ScoringProfile profile)
    {
        foreach (var column in profile.Columns)
        {
            if (column.Histogram is { } h && Mismatched(h)) return $"column '{column.Name}' has {h.Counts.Count} counts for {h.Edges.Count} edges";
            if (column.Categories is { } c && c.Values.Count != c.Counts.Count) return $"column '{column.Name}' has {c.Counts.Count} counts for {c.Values.Count} categories";
        }
        var p = profile.Predictions;
        if (p.Histogram is { } ph && (Mismatched(ph) || (p.Positives is { } pos && pos.Count != ph.Counts.Count) || (p.ScoreSums is { } sums && sums.Count != ph.Counts.Count))) return "the prediction histogram's counts do not fit its edges";
        foreach (var k in p.Classes ?? [])
            if (Mismatched(k.Histogram) || (k.Positives is { } kp && kp.Count != k.Histogram.Counts.Count) || (k.ScoreSums is { } ks && ks.Count != k.Histogram.Counts.Count)) return $"class '{k.Name}''s counts do not fit its edges";
        return null;
    }

    private static bool Mismatched(Histogram h) => h.Counts.Count != h.Edges.Count + 1;
}
