using System.Text;

namespace MLOps.Engine.Contracts;

/// <summary>
/// Counts distinct field values keyed by their UTF-8 bytes, so counting a category column allocates once per
/// distinct value rather than once per row. Stops taking new values at <see cref="Capacity"/> (the rest are
/// counted in <see cref="Overflow"/>), so memory stays bounded whatever the data.
/// </summary>
internal sealed class ValueCounts(int capacity)
{
    private readonly Dictionary<ulong, List<int>> _byHash = [];
    private readonly List<byte[]> _keys = [];
    private readonly List<long> _counts = [];

    /// <summary>Most distinct values kept.</summary>
    public int Capacity { get; } = capacity;

    /// <summary>Values not kept because <see cref="Capacity"/> was reached.</summary>
    public long Overflow { get; private set; }

    /// <summary>Distinct values kept.</summary>
    public int Count => _keys.Count;

    /// <summary>Counts one value; returns its index, or -1 when it is new and there is no room.</summary>
    public int Add(ReadOnlySpan<byte> value, out bool isNew) => Add(value, 1, out isNew);

    /// <summary>Counts a value <paramref name="count"/> times.</summary>
    public int Add(ReadOnlySpan<byte> value, long count, out bool isNew)
    {
        var hash = Hash(value);
        isNew = false;
        if (_byHash.TryGetValue(hash, out var slots))
            foreach (var slot in slots)
                if (value.SequenceEqual(_keys[slot]))
                {
                    _counts[slot] += count;
                    return slot;
                }
        if (_keys.Count >= Capacity)
        {
            Overflow += count;
            return -1;
        }
        isNew = true;
        if (slots is null) _byHash[hash] = slots = [];
        slots.Add(_keys.Count);
        _keys.Add(value.ToArray());
        _counts.Add(count);
        return _keys.Count - 1;
    }

    /// <summary>
    /// Adds the counts of <paramref name="other"/> (values met in a later part of the data), in the order it met them;
    /// calls <paramref name="added"/> with the index of every value new here.
    /// </summary>
    public void Merge(ValueCounts other, Action<int> added)
    {
        for (var i = 0; i < other._keys.Count; i++)
        {
            var index = Add(other._keys[i], other._counts[i], out var isNew);
            if (isNew) added(index);
        }
        Overflow += other.Overflow;
    }

    /// <summary>The value at <paramref name="index"/> as text.</summary>
    public string Text(int index) => Encoding.UTF8.GetString(_keys[index]);

    /// <summary>Every kept value with its count, values ordered ordinally.</summary>
    public IReadOnlyDictionary<string, long> ToDictionary()
    {
        var result = new SortedDictionary<string, long>(StringComparer.Ordinal);
        for (var i = 0; i < _keys.Count; i++) result[Text(i)] = _counts[i];
        return result;
    }

    /// <summary>FNV-1a, 64-bit: stable across processes and .NET versions.</summary>
    public static ulong Hash(ReadOnlySpan<byte> value)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in value) hash = (hash ^ b) * 1099511628211UL;
        return hash;
    }
}
