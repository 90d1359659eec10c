using System.Text.Json;
using MLOps.Engine.Data;
using MLOps.Engine.Diagnostics;

namespace MLOps.Engine.Tests;

/// <summary>Test data copied from ../shared into tests/fixtures (the repository stands alone).</summary>
internal static class Fixtures
{
    public static string Path(string relative) => System.IO.Path.Combine(AppContext.BaseDirectory, "fixtures", relative);

    public static DataFile File(string relative) => new(Path(relative), relative);

    private static readonly Lazy<JsonElement> OracleDocument = new(() =>
        JsonDocument.Parse(System.IO.File.ReadAllBytes(Path("oracles.json"))).RootElement);

    /// <summary>An entry of oracles.json (scikit-learn 1.2.1, scipy 1.10.1, statsmodels 0.13.5).</summary>
    public static JsonElement Oracle(string name) => OracleDocument.Value.GetProperty(name);

    public static double[] Doubles(this JsonElement array) => array.EnumerateArray().Select(e => e.GetDouble()).ToArray();

    /// <summary>Loads a file with types inferred from it, as training data is.</summary>
    public static (DataTable? Table, DiagnosticBag Diagnostics) Load(string relative, params string[] required)
    {
        var diagnostics = new DiagnosticBag();
        var files = new[] { File(relative) };
        var types = TypeInference.Infer(files, diagnostics);
        if (types is null) return (null, diagnostics);
        var table = TableLoader.Load(files, new LoadOptions(types, required.ToHashSet()), diagnostics);
        return (table, diagnostics);
    }
}
