using System.Text;

namespace MLOps.Engine.Data;

/// <summary>Why a field could not be stored in its column.</summary>
internal enum ValueProblem { NotANumber, NonFinite, NotABoolean }

/// <summary>Accumulates one column's values while a file is read.</summary>
internal abstract class ColumnBuilder(string name)
{
    public string Name { get; } = name;

    /// <summary>A builder for a column of <paramref name="capacity"/> rows, when that is known (then the table takes its array as is).</summary>
    public static ColumnBuilder For(string name, ColumnType type, int capacity = 0) => type switch
    {
        ColumnType.Number => new NumberBuilder(name, capacity, false),
        ColumnType.Boolean => new BooleanBuilder(name, capacity, false),
        _ => new LevelBuilder(name, type, capacity, false),
    };

    /// <summary>Stores a non-empty field; on a bad value stores a missing value and says why.</summary>
    public abstract ValueProblem? Add(ReadOnlySpan<byte> field);
    public abstract void AddMissing();
    public abstract DataColumn Build();

    /// <summary>Values stored so far.</summary>
    public abstract int Count { get; }

    /// <summary>A builder of the same column and type for a part of the data, its values in pooled memory until appended.</summary>
    public abstract ColumnBuilder ForPart(int capacity);

    /// <summary>A builder of the same column and type for <paramref name="capacity"/> rows.</summary>
    public abstract ColumnBuilder WithCapacity(int capacity);

    /// <summary>Adds the values of <paramref name="part"/> (the same column, read from a later part of the data) after these, and releases the part.</summary>
    public abstract void Append(ColumnBuilder part);

    /// <summary>Gives pooled memory back once the column was built (or appended).</summary>
    public abstract void Release();

    /// <summary>Numbers and booleans: one double a row, NaN when missing.</summary>
    private abstract class DoubleBuilder(string name, int capacity, bool pooled) : ColumnBuilder(name)
    {
        protected readonly ValueBuffer<double> Values = new(capacity, pooled);

        public override int Count => Values.Count;
        public override void AddMissing() => Values.Add(double.NaN);

        public override void Append(ColumnBuilder part)
        {
            var other = ((DoubleBuilder)part).Values;
            Values.AddRange(other.Values);
            other.Release();
        }

        public override void Release() => Values.Release();
    }

    private sealed class NumberBuilder(string name, int capacity, bool pooled) : DoubleBuilder(name, capacity, pooled)
    {
        public override ColumnBuilder ForPart(int capacity) => new NumberBuilder(Name, capacity, true);
        public override ColumnBuilder WithCapacity(int capacity) => new NumberBuilder(Name, capacity, false);
        public override DataColumn Build() => new(Name, ColumnType.Number, Values.ToArray(), null, null);

        public override ValueProblem? Add(ReadOnlySpan<byte> field)
        {
            if (!ValueParsing.TryParseNumber(field, out var value))
            {
                Values.Add(double.NaN);
                return ValueParsing.IsNonFiniteToken(field) ? ValueProblem.NonFinite : ValueProblem.NotANumber;
            }
            if (!double.IsFinite(value))
            {
                Values.Add(double.NaN);
                return ValueProblem.NonFinite;
            }
            Values.Add(value);
            return null;
        }
    }

    private sealed class BooleanBuilder(string name, int capacity, bool pooled) : DoubleBuilder(name, capacity, pooled)
    {
        public override ColumnBuilder ForPart(int capacity) => new BooleanBuilder(Name, capacity, true);
        public override ColumnBuilder WithCapacity(int capacity) => new BooleanBuilder(Name, capacity, false);
        public override DataColumn Build() => new(Name, ColumnType.Boolean, Values.ToArray(), null, null);

        public override ValueProblem? Add(ReadOnlySpan<byte> field)
        {
            var ok = ValueParsing.TryParseBoolean(field, out var value);
            Values.Add(ok ? value ? 1 : 0 : double.NaN);
            return ok ? null : ValueProblem.NotABoolean;
        }
    }

    /// <summary>Categories and text: codes in first-seen order while reading, renumbered to sorted order at the end.</summary>
    private sealed class LevelBuilder(string name, ColumnType type, int capacity, bool pooled) : ColumnBuilder(name)
    {
        private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
        private readonly ValueBuffer<int> _codes = new(capacity, pooled);

        public override int Count => _codes.Count;
        public override ColumnBuilder ForPart(int capacity) => new LevelBuilder(Name, type, capacity, true);
        public override ColumnBuilder WithCapacity(int capacity) => new LevelBuilder(Name, type, capacity, false);

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
            foreach (var code in other._codes.Values) _codes.Add(code < 0 ? -1 : map[code]);
            other._codes.Release();
        }

        public override void Release() => _codes.Release();

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
            var codes = _codes.ToArray();
            for (var i = 0; i < codes.Length; i++) codes[i] = codes[i] < 0 ? -1 : remap[codes[i]];
            return new DataColumn(Name, type, null, codes, levels);
        }
    }
}
