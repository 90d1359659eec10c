using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLOps.Runtime.MLNet;

/// <summary>
/// <see cref="ModelRow"/>s as an ML.NET data view of the model's input columns, typed as the model was saved with: a
/// number input as Single or Double (missing: NaN), a boolean as Boolean (missing: false), a category as Text (missing: empty).
/// </summary>
internal sealed class RowsView(DataViewSchema schema, IReadOnlyList<ModelRow> rows) : IDataView
{
    private readonly IReadOnlyList<ModelRow> _rows = rows;

    /// <summary>Rows of number inputs, each a Single column.</summary>
    public static RowsView Singles(IEnumerable<string> names, IReadOnlyList<ModelRow> rows)
    {
        var builder = new DataViewSchema.Builder();
        foreach (var name in names) builder.AddColumn(name, NumberDataViewType.Single);
        return new RowsView(builder.ToSchema(), rows);
    }

    public DataViewSchema Schema => schema;
    public bool CanShuffle => false;
    public long? GetRowCount() => _rows.Count;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) => new Cursor(this);

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) => [new Cursor(this)];

    private sealed class Cursor(RowsView view) : DataViewRowCursor
    {
        private long _position = -1;

        public override DataViewSchema Schema => view.Schema;
        public override long Position => _position;
        public override long Batch => 0;

        public override bool MoveNext()
        {
            if (_position >= view._rows.Count) return false;
            return ++_position < view._rows.Count;
        }

        public override ValueGetter<DataViewRowId> GetIdGetter() => (ref DataViewRowId id) => id = new DataViewRowId((ulong)_position, 0);

        public override bool IsColumnActive(DataViewSchema.Column column) => true;

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            var i = column.Index;
            ModelRow Row() => view._rows[(int)_position];
            Delegate getter = column.Type switch
            {
                var t when t == NumberDataViewType.Single => (ValueGetter<float>)((ref float v) => v = (float)Row().Numbers[i]),
                var t when t == NumberDataViewType.Double => (ValueGetter<double>)((ref double v) => v = Row().Numbers[i]),
                BooleanDataViewType => (ValueGetter<bool>)((ref bool v) => v = Row().Numbers[i] == 1),
                _ => (ValueGetter<ReadOnlyMemory<char>>)((ref ReadOnlyMemory<char> v) => v = (Row().Categories[i] ?? "").AsMemory()),
            };
            return (ValueGetter<TValue>)getter;
        }
    }
}
