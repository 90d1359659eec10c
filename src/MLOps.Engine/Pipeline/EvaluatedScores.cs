using MLOps.Engine.Data;
using MLOps.Runtime;

namespace MLOps.Engine.Pipeline;

/// <summary>
/// The candidate's scores and metrics on the evaluation rows, as the evaluation step computed them: the gate step of
/// the same build scores the same model on the same rows, so it takes them (<see cref="BuildData.Evaluated"/>) instead
/// of scoring and computing again. They fit only the model file with the same bytes and the very columns scored.
/// </summary>
internal sealed record EvaluatedScores(string ModelSha256, IReadOnlyList<DataColumn> Columns, double[] Scores, IReadOnlyDictionary<string, double> Metrics)
{
    /// <summary>The columns a model's scores and labels come from: its inputs and its label.</summary>
    public static IReadOnlyList<DataColumn> ColumnsOf(ModelDocument model, DataTable rows) =>
        [.. model.Inputs.Select(i => rows.Find(i.Name)!), rows.Find(model.Label.Name)!];

    public bool Fits(string modelSha256, ModelDocument model, DataTable rows) =>
        ModelSha256 == modelSha256 && Columns.SequenceEqual(ColumnsOf(model, rows), ReferenceEqualityComparer.Instance);
}
