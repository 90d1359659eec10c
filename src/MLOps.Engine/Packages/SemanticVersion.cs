using System.Globalization;

namespace MLOps.Engine.Packages;

/// <summary>A SemVer 2.0 version as NuGet orders them (numbers, then release before prerelease); build metadata ignored.</summary>
public sealed record SemanticVersion(int Major, int Minor, int Patch, string Prerelease) : IComparable<SemanticVersion>
{
    public bool IsStable => Prerelease.Length == 0;

    public static bool TryParse(string text, out SemanticVersion version)
    {
        version = new SemanticVersion(0, 0, 0, "");
        var core = text.Split('+')[0];
        var dash = core.IndexOf('-');
        var prerelease = dash < 0 ? "" : core[(dash + 1)..];
        var numbers = (dash < 0 ? core : core[..dash]).Split('.');
        if (numbers.Length is < 1 or > 4) return false;
        var parsed = new int[3];
        for (var i = 0; i < numbers.Length; i++)
        {
            if (!int.TryParse(numbers[i], NumberStyles.None, CultureInfo.InvariantCulture, out var n)) return false;
            if (i < 3) parsed[i] = n;
        }
        version = new SemanticVersion(parsed[0], parsed[1], parsed[2], prerelease);
        return true;
    }

    public int CompareTo(SemanticVersion? other)
    {
        if (other is null) return 1;
        var c = (Major, Minor, Patch).CompareTo((other.Major, other.Minor, other.Patch));
        if (c != 0) return c;
        if (IsStable || other.IsStable) return IsStable == other.IsStable ? 0 : IsStable ? 1 : -1; // 1.0.0 > 1.0.0-rc
        return ComparePrerelease(Prerelease, other.Prerelease);
    }

    private static int ComparePrerelease(string a, string b)
    {
        var (x, y) = (a.Split('.'), b.Split('.'));
        for (var i = 0; i < Math.Min(x.Length, y.Length); i++)
        {
            var xNumeric = int.TryParse(x[i], out var xn);
            var yNumeric = int.TryParse(y[i], out var yn);
            var c = xNumeric && yNumeric ? xn.CompareTo(yn) : xNumeric ? -1 : yNumeric ? 1 : string.Compare(x[i], y[i], StringComparison.OrdinalIgnoreCase);
            if (c != 0) return c;
        }
        return x.Length.CompareTo(y.Length);
    }

    public override string ToString() => $"{Major}.{Minor}.{Patch}{(IsStable ? "" : "-" + Prerelease)}";
}
