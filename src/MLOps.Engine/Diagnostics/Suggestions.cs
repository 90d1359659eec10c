namespace MLOps.Engine.Diagnostics;

/// <summary>"Did you mean …?" for names a person typed: the closest known name, if it is close enough to be a typo.</summary>
public static class Suggestions
{
    /// <summary>The known name nearest to <paramref name="typed"/> (ignoring case), or null when none is within two edits or a prefix of the other.</summary>
    public static string? Nearest(string typed, IEnumerable<string> known)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in known)
        {
            var distance = Distance(typed.ToLowerInvariant(), candidate.ToLowerInvariant());
            var prefix = typed.StartsWith(candidate, StringComparison.OrdinalIgnoreCase) || candidate.StartsWith(typed, StringComparison.OrdinalIgnoreCase);
            if ((distance <= 2 || prefix) && distance < bestDistance) (best, bestDistance) = (candidate, distance);
        }
        return best;
    }

    /// <summary>" Did you mean 'x'?" or nothing.</summary>
    public static string DidYouMean(string typed, IEnumerable<string> known) =>
        Nearest(typed, known) is { } near ? $" Did you mean '{near}'?" : "";

    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        var current = new int[b.Length + 1];
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
