using NuGet.Versioning;

namespace MLOps.Engine.Packages;

/// <summary>A package version as NuGet orders and normalizes them (NuGet.Versioning underneath; build metadata ignored).</summary>
public sealed record SemanticVersion(NuGetVersion Version) : IComparable<SemanticVersion>
{
    public int Major => Version.Major;
    public int Minor => Version.Minor;
    public int Patch => Version.Patch;
    public string Prerelease => Version.Release;
    public bool IsStable => !Version.IsPrerelease;

    public static bool TryParse(string text, out SemanticVersion version)
    {
        var parsed = NuGetVersion.TryParse(text, out var nuget);
        version = new SemanticVersion(parsed && nuget is not null ? nuget : new NuGetVersion(0, 0, 0));
        return parsed;
    }

    public int CompareTo(SemanticVersion? other) => other is null ? 1 : VersionComparer.VersionRelease.Compare(Version, other.Version);

    public override string ToString() => Version.ToNormalizedString();

    /// <summary>Versions in SemVer order (ones that do not parse last, as text).</summary>
    public static IEnumerable<string> Ordered(IEnumerable<string> versions) =>
        versions.Select(v => (Text: v, Ok: TryParse(v, out var parsed), Parsed: parsed))
            .OrderBy(v => !v.Ok).ThenBy(v => v.Parsed).ThenBy(v => v.Text, StringComparer.Ordinal).Select(v => v.Text);
}
