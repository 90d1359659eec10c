using MLOps.Engine.Statistics;

namespace MLOps.Engine.Contracts;

/// <summary>
/// A seeded uniform sample of at most <see cref="Capacity"/> rows: every row gets a pseudo-random key from the seed
/// and where the row stands in its file; rows whose key is below <see cref="Admit"/> are candidates, and the sample
/// is the candidates with the smallest keys. Which rows those are depends on the data alone, so samples of parts of
/// a file read on different threads merge into exactly the sample of the whole. Drift statistics use the numbers of
/// the sampled rows, which keeps memory fixed however long the data; below the capacity they use every row.
/// </summary>
/// <param name="admit">
/// Keys at or above it are left out at once (<see cref="Bound"/>): a large file then stores a little more than the
/// capacity's worth of rows, instead of every row that is for a while among the smallest keys seen so far.
/// </param>
internal sealed class RowSample(int capacity, ulong admit = ulong.MaxValue)
{
    // A max-heap of the kept keys, the largest (the first to go) at the root; _slots[i] is where key i's row is stored.
    private ulong[] _keys = [];
    private int[] _slots = [];

    /// <summary>Most rows kept.</summary>
    public int Capacity { get; } = capacity;

    /// <summary>Rows kept so far.</summary>
    public int Count { get; private set; }

    /// <summary>Keys at or above this are left out.</summary>
    public ulong Admit { get; } = admit;

    /// <summary>
    /// The share of about <paramref name="expectedRows"/> rows to let in: 1.25 times the capacity on average, so the
    /// sample is still full when the estimate is a little low; every row when there are not many more.
    /// </summary>
    public static double AdmittedShare(int capacity, double expectedRows) => Math.Min(1, 1.25 * capacity / Math.Max(1, expectedRows));

    /// <summary>The key bound that admits <paramref name="share"/> of all rows.</summary>
    public static ulong Bound(double share) => share >= 1 ? ulong.MaxValue : (ulong)(share * ulong.MaxValue);

    /// <summary>The key of the row starting at byte <paramref name="offset"/> of file number <paramref name="file"/>.</summary>
    public static ulong Key(ulong seed, int file, long offset) => new SplitMix64(seed ^ ((ulong)file << 48) ^ (ulong)offset).Next();

    /// <summary>Offers a row: the slot to store it in (a row evicted from it), or -1 to leave it out.</summary>
    public int Offer(ulong key)
    {
        if (key >= Admit) return -1;
        if (Count < Capacity)
        {
            if (Count == _keys.Length) Grow();
            var slot = Count;
            _keys[Count] = key;
            _slots[Count] = slot;
            SiftUp(Count++);
            return slot;
        }
        if (key >= _keys[0]) return -1;
        var freed = _slots[0];
        _keys[0] = key;
        SiftDown();
        return freed;
    }

    /// <summary>The kept rows as (key, slot).</summary>
    public IEnumerable<(ulong Key, int Slot)> Kept()
    {
        for (var i = 0; i < Count; i++) yield return (_keys[i], _slots[i]);
    }

    private void Grow()
    {
        var size = Math.Min(Capacity, Math.Max(1024, _keys.Length * 2));
        Array.Resize(ref _keys, size);
        Array.Resize(ref _slots, size);
    }

    private void SiftUp(int i)
    {
        while (i > 0)
        {
            var parent = (i - 1) / 2;
            if (_keys[parent] >= _keys[i]) return;
            Swap(i, parent);
            i = parent;
        }
    }

    private void SiftDown()
    {
        var i = 0;
        while (true)
        {
            var largest = i;
            var left = 2 * i + 1;
            if (left < Count && _keys[left] > _keys[largest]) largest = left;
            if (left + 1 < Count && _keys[left + 1] > _keys[largest]) largest = left + 1;
            if (largest == i) return;
            Swap(i, largest);
            i = largest;
        }
    }

    private void Swap(int a, int b)
    {
        (_keys[a], _keys[b]) = (_keys[b], _keys[a]);
        (_slots[a], _slots[b]) = (_slots[b], _slots[a]);
    }
}
