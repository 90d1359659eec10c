using System.Text;

namespace MLOps.Engine.Data;

/// <summary>Why a field could not be stored in its column.</summary>
internal enum ValueProblem { NotANumber, NonFinite, NotABoolean }

/// <summary>Accumulates one column's values while a file is read.</summary>
internal abstract class ColumnBuilder(string name)
{
    public string Name { get; } = name;

    public static ColumnBuilder For(string name, ColumnType type) => type switch
    {
        ColumnType.Number => new NumberBuilder(name),
        ColumnType.Boolean => new BooleanBuilder(name),
        _ => new LevelBuilder(name, type),
    };

    /// <summary>Stores a non-empty field; on a bad value stores a missing value and says why.</summary>
    public abstract ValueProblem? Add(ReadOnlySpan<byte> field);
    public abstract void AddMissing();
    public abstract DataColumn Build();

    /// <summary>Values stored so far.</summary>
    public abstract int Count { get; }

    /// <summary>A builder of the same column and type with room for <paramref name="capacity"/> values, for a part of the data.</summary>
    public abstract ColumnBuilder Empty(int capacity);

    /// <summary>Adds the values of <paramref name="part"/> (the same column, read from a later part of the data) after these.</summary>
    public abstract void Append(ColumnBuilder part);

    private sealed class NumberBuilder(string name, int capacity = 0) : ColumnBuilder(name)
    {
        private readonly List<double> _values = new(capacity);

        public override int Count => _values.Count;
        public override ColumnBuilder Empty(int capacity) => new NumberBuilder(Name, capacity);
        public override void Append(ColumnBuilder part) => _values.AddRange(((NumberBuilder)part)._values);

        public override ValueProblem? Add(ReadOnlySpan<byte> field)
        {
            if (!ValueParsing.TryParseNumber(field, out var value))
            {
                _values.Add(double.NaN);
                return ValueParsing.IsNonFiniteToken(field) ? ValueProblem.NonFinite : ValueProblem.NotANumber;
            }
            if (!double.IsFinite(value))
            {
                _values.Add(double.NaN);
                return ValueProblem.NonFinite;
            }
            _values.Add(value);
            return null;
        }

        public override void AddMissing() => _values.Add(double.NaN);
        public override DataColumn Build() => new(Name, ColumnType.Number, _values.ToArray(), null, null);
    }

    private sealed class BooleanBuilder(string name, int capacity = 0) : ColumnBuilder(name)
    {
        private readonly List<double> _values = new(capacity);

        public override int Count => _values.Count;
        public override ColumnBuilder Empty(int capacity) => new BooleanBuilder(Name, capacity);
        public override void Append(ColumnBuilder part) => _values.AddRange(((BooleanBuilder)part)._values);

        public override ValueProblem? Add(ReadOnlySpan<byte> field)
        {
            if (ValueParsing.TryParseBoolean(field, out var value))
            {
                _values.Add(value ? 1 : 0);
                return null;
            }
            _values.Add(double.NaN);
            return ValueProblem.NotABoolean;
        }

        public override void AddMissing() => _values.Add(double.NaN);
        public override DataColumn Build() => new(Name, ColumnType.Boolean, _values.ToArray(), null, null);
    }

    /// <summary>Categories and text: codes in first-seen order while reading, renumbered to sorted order at the end.</summary>
    private sealed class LevelBuilder(string name, ColumnType type, int capacity = 0) : ColumnBuilder(name)
    {
        private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
        private readonly List<int> _codes = new(capacity);

        public override int Count => _codes.Count;
        public override ColumnBuilder Empty(int capacity) => new LevelBuilder(Name, type, capacity);

        public override void Append(ColumnBuilder part)
        {
            // The part's values in the order it met them: new ones get the next codes, as if read here.
            var other = (LevelBuilder)part;
            var map = new int[other._index.Count];
            foreach (var (value, code) in other._index.OrderBy(p => p.Value))
            {
                if (!_index.TryGetValue(value, out var mine)) _index[value] = mine = _index.Count;
                map[code] = mine;
            }
            foreach (var code in other._codes) _codes.Add(code < 0 ? -1 : map[code]);
        }

        public override ValueProblem? Add(ReadOnlySpan<byte> field)
        {
            var value = Encoding.UTF8.GetString(field);
            if (!_index.TryGetValue(value, out var code))
            {
                code = _index.Count;
                _index[value] = code;
            }
            _codes.Add(code);
            return null;
        }

        public override void AddMissing() => _codes.Add(-1);

        public override DataColumn Build()
        {
            var levels = _index.Keys.Order(StringComparer.Ordinal).ToArray();
            var remap = new int[levels.Length];
            for (var i = 0; i < levels.Length; i++) remap[_index[levels[i]]] = i;
            var codes = _codes.Select(c => c < 0 ? -1 : remap[c]).ToArray();
            return new DataColumn(Name, type, null, codes, levels);
        }
    }
}
