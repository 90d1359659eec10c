using MLOps.Engine.Data;
using MLOps.Engine.Features;
using MLOps.Runtime;

namespace MLOps.MLNet.Pretrained;

/// <summary>Every row of a table as a <see cref="ModelRow"/> of the given inputs, for ML.NET to score through a view of rows.</summary>
internal static class TableModelRows
{
    public static ModelRow[] Of(DataTable table, IReadOnlyList<InputSpec> inputs, Func<ModelRow> create)
    {
        var filler = new TableRows(table, inputs);
        var rows = new ModelRow[table.RowCount];
        for (var r = 0; r < rows.Length; r++)
        {
            rows[r] = create();
            filler.Fill(r, rows[r]);
        }
        return rows;
    }
}
