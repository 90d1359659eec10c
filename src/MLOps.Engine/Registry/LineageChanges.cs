using MLOps.Engine.Packages;

namespace MLOps.Engine.Registry;

/// <summary>One difference between two models' lineage: what it is (e.g. "parameter L2") and its value before and after (null: absent).</summary>
public sealed record LineageChange(string What, string? Before, string? After);

/// <summary>What changed in a model's inputs from one lineage to the next: input files, trainer, parameters, seed, engine version.</summary>
public static class LineageChanges
{
    public static IReadOnlyList<LineageChange> Between(Lineage before, Lineage after)
    {
        var changes = new List<LineageChange>();
        void Compare(string what, string? a, string? b)
        {
            if (!string.Equals(a, b, StringComparison.Ordinal)) changes.Add(new LineageChange(what, a, b));
        }
        Compare("task", before.Task, after.Task);
        Compare("trainer", before.Trainer, after.Trainer);
        Compare("seed", before.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture), after.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Compare("engine version", before.EngineVersion, after.EngineVersion);
        foreach (var name in before.Parameters.Keys.Union(after.Parameters.Keys).Order(StringComparer.Ordinal))
            Compare($"parameter {name}", before.Parameters.GetValueOrDefault(name), after.Parameters.GetValueOrDefault(name));
        static Dictionary<string, string> Inputs(Lineage l) =>
            l.Inputs.GroupBy(i => $"{i.Role} {i.Path}").ToDictionary(g => g.Key, g => g.First().Sha256, StringComparer.Ordinal);
        var (a, b) = (Inputs(before), Inputs(after));
        foreach (var input in a.Keys.Union(b.Keys).Order(StringComparer.Ordinal))
            Compare(input, a.GetValueOrDefault(input), b.GetValueOrDefault(input));
        return changes;
    }
}
