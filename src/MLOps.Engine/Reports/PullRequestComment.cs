using System.Text;
using System.Text.RegularExpressions;

namespace MLOps.Engine.Reports;

/// <summary>
/// The one sticky pull-request comment: found again by a hidden marker, holding a section per model between its own
/// markers, so each CI job updates its model's section and leaves the others alone.
/// </summary>
public static partial class PullRequestComment
{
    /// <summary>Marks the comment as ours; nobody types it by accident.</summary>
    public const string Marker = "<!-- mlops:comment -->";

    /// <summary>GitHub's limit for a comment body.</summary>
    public const int MaxLength = 65_536;

    public static bool IsOurs(string? body) => body?.Contains(Marker, StringComparison.Ordinal) == true;

    /// <summary>The models' sections in <paramref name="body"/>, by model name.</summary>
    public static IReadOnlyDictionary<string, string> Sections(string? body)
    {
        var sections = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (Match match in SectionPattern().Matches(body ?? ""))
            if (match.Groups["model"].Value == match.Groups["end"].Value) sections[match.Groups["model"].Value] = match.Groups["text"].Value.Trim('\r', '\n');
        return sections;
    }

    /// <summary><paramref name="body"/> with <paramref name="model"/>'s section set to <paramref name="section"/>, other sections kept.</summary>
    public static string WithSection(string? body, string model, string section)
    {
        var sections = new SortedDictionary<string, string>(Sections(body).ToDictionary(), StringComparer.Ordinal) { [model] = section };
        return Compose(sections);
    }

    /// <summary>The sections of <paramref name="kept"/>, plus those of <paramref name="other"/> that it lacks (two jobs raced and each made a comment).</summary>
    public static string Merge(string kept, string other)
    {
        var sections = new SortedDictionary<string, string>(Sections(other).ToDictionary(), StringComparer.Ordinal);
        foreach (var (model, text) in Sections(kept)) sections[model] = text;
        return Compose(sections);
    }

    private static string Compose(IReadOnlyDictionary<string, string> sections)
    {
        const string header = Marker + "\n## MLOps model gates\n\n";
        static string Start(string model) => $"<!-- mlops:model:{model} -->\n";
        static string End(string model) => $"<!-- /mlops:model:{model} -->\n\n";
        // Each model gets an equal share of what the markers leave, so one long section cannot push out the others.
        var markers = header.Length + sections.Keys.Sum(m => Start(m).Length + 1 + End(m).Length);
        var share = Math.Max(0, (MaxLength - markers) / Math.Max(1, sections.Count));
        var text = new StringBuilder(header);
        foreach (var (model, section) in sections)
            text.Append(Start(model)).Append(MarkdownLimit.Fit(section, share).Trim('\n')).Append('\n').Append(End(model));
        return text.ToString();
    }

    [GeneratedRegex(@"<!-- mlops:model:(?<model>[^ ]+) -->\r?\n(?<text>.*?)<!-- /mlops:model:(?<end>[^ ]+) -->", RegexOptions.Singleline)]
    private static partial Regex SectionPattern();
}
