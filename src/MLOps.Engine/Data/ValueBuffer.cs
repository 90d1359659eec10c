using System.Buffers;

namespace MLOps.Engine.Data;

/// <summary>
/// A growable array of a column's values. A table's column is allocated once at its final size when that is known,
/// and then handed over without a copy; a part of a file read on its own borrows from the array pool and gives the
/// array back once appended. On machines where first touching memory is slow, copies into fresh arrays cost more
/// than the parsing.
/// </summary>
internal sealed class ValueBuffer<T>(int capacity, bool pooled)
{
    private T[] _items = capacity == 0 ? [] : pooled ? ArrayPool<T>.Shared.Rent(capacity) : new T[capacity];

    public int Count { get; private set; }

    public ReadOnlySpan<T> Values => _items.AsSpan(0, Count);

    public void Add(T value)
    {
        if (Count == _items.Length) Grow(Count + 1);
        _items[Count++] = value;
    }

    public void AddRange(ReadOnlySpan<T> values)
    {
        if (Count + values.Length > _items.Length) Grow(Count + values.Length);
        values.CopyTo(_items.AsSpan(Count));
        Count += values.Length;
    }

    /// <summary>The values as an array of exactly <see cref="Count"/>: the buffer itself when it is that size.</summary>
    public T[] ToArray() => !pooled && Count == _items.Length ? _items : _items[..Count];

    /// <summary>Gives a pooled array back; the buffer is empty afterwards.</summary>
    public void Release()
    {
        if (pooled && _items.Length > 0) ArrayPool<T>.Shared.Return(_items);
        _items = [];
        Count = 0;
    }

    private void Grow(int needed)
    {
        var size = Math.Max(needed, Math.Max(16, _items.Length * 2));
        var grown = pooled ? ArrayPool<T>.Shared.Rent(size) : new T[size];
        _items.AsSpan(0, Count).CopyTo(grown);
        if (pooled && _items.Length > 0) ArrayPool<T>.Shared.Return(_items);
        _items = grown;
    }
}
