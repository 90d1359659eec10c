using System.Text.RegularExpressions;
using MLOps.Engine.Diagnostics;

namespace Cake.MLOps;

/// <summary>MSBuild's canonical error and warning lines (<c>file(line,column): error CODE: message [project]</c>) as diagnostics.</summary>
internal static partial class BuildOutputLine
{
    [GeneratedRegex(@"^\s*(?:(?<file>[^\s].*?)(?:\((?<line>\d+)(?:,(?<column>\d+))?(?:,\d+,\d+)?\))?\s*:\s*)?(?<severity>error|warning)\s+(?<code>[A-Za-z]+\d+)\s*:\s*(?<message>.*?)(?:\s+\[[^\]]+\])?\s*$")]
    private static partial Regex Canonical();

    /// <summary>The diagnostic on <paramref name="line"/>, or null when it is not an error or warning.</summary>
    public static Diagnostic? TryParse(string line)
    {
        var match = Canonical().Match(line);
        if (!match.Success) return null;
        var file = match.Groups["file"].Success ? match.Groups["file"].Value : null;
        return new Diagnostic(match.Groups["code"].Value,
            match.Groups["severity"].Value == "error" ? Severity.Error : Severity.Warning,
            match.Groups["message"].Value,
            file,
            match.Groups["line"].Success ? int.Parse(match.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture) : 0,
            match.Groups["column"].Success ? int.Parse(match.Groups["column"].Value, System.Globalization.CultureInfo.InvariantCulture) : 0);
    }
}
