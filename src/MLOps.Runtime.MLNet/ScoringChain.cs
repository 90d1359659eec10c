using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace MLOps.Runtime.MLNet;

/// <summary>
/// What of a saved ML.NET pipeline scores a row: every transform but the label's mapping to keys (MapValueToKey of the
/// label, which only training reads), and the input columns it needs.
/// </summary>
internal static class ScoringChain
{
    /// <summary>The transforms that score, without those mapping <paramref name="label"/> (or ML.NET's default <c>Label</c>).</summary>
    public static ITransformer Of(ITransformer loaded, string label) =>
        new TransformerChain<ITransformer>(Flatten(loaded).Where(t => !MapsLabel(t, label)).ToArray());

    /// <summary>The columns of <paramref name="input"/> without which <paramref name="scoring"/> cannot run, in the schema's order.</summary>
    public static IReadOnlyList<DataViewSchema.Column> Inputs(ITransformer scoring, DataViewSchema input) =>
        input.Where(c => !c.IsHidden && !Runs(scoring, Without(input, c.Index))).ToArray();

    /// <summary>The class of each score, in ML.NET's order: the slot names ML.NET gives the Score column from the label's key values.</summary>
    public static string[] Classes(DataViewSchema scored)
    {
        var score = scored.GetColumnOrNull("Score");
        if (score?.HasSlotNames() != true) return [];
        VBuffer<ReadOnlyMemory<char>> names = default;
        score.Value.GetSlotNames(ref names);
        return names.DenseValues().Select(n => n.ToString()).ToArray();
    }

    /// <summary>The transforms of a (nested) chain, in order.</summary>
    public static IEnumerable<ITransformer> Flatten(ITransformer transformer) =>
        transformer is IEnumerable<ITransformer> chain ? chain.SelectMany(Flatten) : [transformer];

    private static bool MapsLabel(ITransformer transformer, string label)
    {
        if (transformer is not ValueToKeyMappingTransformer) return false;
        // ML.NET keeps a transform's (output, input) column pairs internal.
        var pairs = typeof(OneToOneTransformerBase).GetField("ColumnPairs", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)?.GetValue(transformer);
        return pairs is (string Output, string Input)[] columns && columns.Length > 0 && columns.All(c => c.Input == label || c.Output == "Label");
    }

    private static bool Runs(ITransformer scoring, DataViewSchema input)
    {
        try
        {
            scoring.GetOutputSchema(input);
            return true;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    private static DataViewSchema Without(DataViewSchema schema, int index)
    {
        var builder = new DataViewSchema.Builder();
        foreach (var column in schema.Where(c => c.Index != index)) builder.AddColumn(column.Name, column.Type, column.Annotations);
        return builder.ToSchema();
    }
}
