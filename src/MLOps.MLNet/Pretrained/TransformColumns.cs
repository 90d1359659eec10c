using System.Collections;
using System.Reflection;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace MLOps.MLNet.Pretrained;

/// <summary>Which columns an ML.NET transform reads and writes, which ML.NET 5 keeps internal (read by reflection, as <c>ModelConversion.SubModels</c> does).</summary>
internal static class TransformColumns
{
    private const BindingFlags Members = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;

    /// <summary>Each output column of a Concatenate with the input columns it concatenates, in order.</summary>
    public static IReadOnlyList<(string Output, string[] Inputs)> Of(ColumnConcatenatingTransformer concatenate) =>
        ((IEnumerable<(string, string[])>)(typeof(ColumnConcatenatingTransformer).GetProperty("Columns", Members)?.GetValue(concatenate)
            ?? throw Unreadable("Concatenate"))).ToArray();

    /// <summary>Each output column of a normalizer with the input column it normalizes.</summary>
    public static IReadOnlyList<(string Output, string Input)> Of(NormalizingTransformer normalizer) =>
        ((IEnumerable)(typeof(NormalizingTransformer).GetField("Columns", Members)?.GetValue(normalizer) ?? throw Unreadable("normalizer")))
            .Cast<object>().Select(c => (Field(c, "Name"), Field(c, "InputColumnName"))).ToArray();

    private static string Field(object options, string name) =>
        options.GetType().GetField(name, Members)?.GetValue(options) as string ?? throw Unreadable("normalizer");

    private static NotSupportedException Unreadable(string transform) => new($"this ML.NET version does not tell which columns its {transform} reads.");
}
