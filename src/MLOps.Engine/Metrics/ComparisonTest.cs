namespace MLOps.Engine.Metrics;

/// <summary>The tests a gate can ask for by name (<c>Test</c>, lower case) to compare two models on the same rows.</summary>
public enum ComparisonTest
{
    DeLong,
    McNemar,
    T,
    Wilcoxon,
    Bootstrap,
}

public static class ComparisonTests
{
    /// <summary>The names gates write, in this order: delong, mcnemar, t, wilcoxon, bootstrap.</summary>
    public static readonly IReadOnlyList<string> Names = Enum.GetValues<ComparisonTest>().Select(Name).ToArray();

    public static string Name(this ComparisonTest test) => test.ToString().ToLowerInvariant();

    public static ComparisonTest? Parse(string? name) => Enum.GetValues<ComparisonTest>().Select(t => (ComparisonTest?)t).FirstOrDefault(t => t!.Value.Name() == name);
}
