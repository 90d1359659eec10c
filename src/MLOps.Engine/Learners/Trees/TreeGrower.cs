using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using MLOps.Runtime;

namespace MLOps.Engine.Learners.Trees;

/// <summary>A grown tree: its model-file form, the bin of each split (to route binned rows), and which rows ended in which leaf.</summary>
internal sealed record GrownTree(TreeSpec Spec, int[] SplitBins, int[] Rows, (int Start, int Count)[] LeafRows);

/// <summary>
/// Grows one regression tree on gradients and hessians, leaf-wise as LightGBM does: always split the leaf whose best
/// split gains most, until <see cref="TreeParameters.Leaves"/> leaves. Histograms of the quantized (gradient, hessian)
/// sums per bin (<see cref="QuantizedGradients"/>) find the splits; a split's larger child gets its histogram by
/// subtracting the smaller's from its parent's. A leaf with many rows reads its bins by columns, one with few by rows
/// (<see cref="RowMajorBins"/>). Integer sums are exact, so the tree is the same whatever the number of threads and
/// whichever way the bins are read.
/// </summary>
internal sealed class TreeGrower
{
    private const int Stride = 256; // histogram entries per feature: one per possible bin
    private const int ParallelRowThreshold = 4096;
    // Leaves with fewer than 1/SparseShare of the rows read their bins by rows: by columns they would touch every cache
    // line of every column (or one per row and feature) for few rows.
    // On the 800k × 28 benchmark 1/8 and 1/16 measured alike and 1/4 slower (docs/benchmarks.md, session 10).
    private const long SparseShare = 8;

    private readonly FeatureBins _data;
    private readonly TreeParameters _parameters;
    private readonly Workers _workers;
    private readonly int[] _rows;
    private readonly int[] _scratch;
    // The node's packed (gradient, hessian) in node order: one 64-bit add per row and feature updates a bin's sums.
    private readonly long[] _ordered;
    private readonly Stack<long[]> _free = new();
    private readonly RowMajorBins? _rowMajor; // for leaves with few of the rows
    private readonly long[] _half; // the second thread's histogram of a leaf read by rows
    private QuantizedGradients _quantized = null!;

    private sealed class Leaf
    {
        public int Start, Count;
        public long Sum; // packed quantized sums
        public long[] Histogram = [];
        public Split Best;
        public int ParentNode = -1;
        public bool IsLeft;
    }

    private readonly record struct Split(int Feature, int Bin, bool MissingLeft, double Gain, long LeftSum)
    {
        public bool Exists => Feature >= 0;
        public static readonly Split None = new(-1, 0, false, 0, 0);
    }

    public TreeGrower(FeatureBins data, TreeParameters parameters, Workers workers)
    {
        _data = data;
        _parameters = parameters;
        _workers = workers;
        _rows = new int[data.Rows];
        _scratch = new int[data.Rows]; // partition scratch, used at the same offsets as _rows
        _ordered = new long[data.Rows];
        _rowMajor = RowMajorBins.For(data, workers);
        _half = _rowMajor is not null && parameters.Threads > 1 ? new long[data.Features * Stride] : [];
    }

    /// <summary>
    /// Grows a tree on the rows in <paramref name="rows"/> (ascending) using the features where <paramref name="useFeature"/>
    /// is true; <paramref name="quantized"/> holds each row's (gradient, hessian). <paramref name="cancel"/> is checked before each split.
    /// </summary>
    public GrownTree Grow(QuantizedGradients quantized, ReadOnlySpan<int> rows, bool[] useFeature, CancellationToken cancel = default)
    {
        _quantized = quantized;
        var packed = quantized.Packed;
        rows.CopyTo(_rows);
        var root = new Leaf { Start = 0, Count = rows.Length };
        root.Sum = Sum(packed, rows.Length);
        // Every row of the data is the root in row order: its sums are read where they are; a sample is gathered.
        if (rows.Length < _data.Rows) Gather(packed, rows.Length);
        root.Histogram = rows.Length < _data.Rows ? BuildHistogram(root, _ordered, useFeature) : BuildHistogram(root, packed, useFeature, allRows: true);
        root.Best = BestSplit(root, useFeature);

        var leaves = new List<Leaf> { root };
        var features = new List<int>();
        var bins = new List<int>();
        var thresholds = new List<double>();
        var missingLeft = new List<bool>();
        var left = new List<int>();
        var right = new List<int>();
        while (leaves.Count < _parameters.Leaves)
        {
            cancel.ThrowIfCancellationRequested();
            var best = -1;
            for (var i = 0; i < leaves.Count; i++)
                if (leaves[i].Best.Exists && leaves[i].Best.Gain > 0 && (best < 0 || leaves[i].Best.Gain > leaves[best].Best.Gain)) best = i;
            if (best < 0) break;
            var leaf = leaves[best];
            var split = leaf.Best;

            var node = features.Count;
            features.Add(split.Feature);
            bins.Add(split.Bin);
            thresholds.Add(_data.UpperBounds[split.Feature][split.Bin - 1]);
            missingLeft.Add(split.MissingLeft);
            left.Add(0);
            right.Add(0);
            if (leaf.ParentNode >= 0) (leaf.IsLeft ? left : right)[leaf.ParentNode] = node;

            var leftCount = Partition(leaf, split, packed, gather: leaves.Count + 1 < _parameters.Leaves);
            var leftLeaf = new Leaf { Start = leaf.Start, Count = leftCount, Sum = split.LeftSum, ParentNode = node, IsLeft = true };
            var rightLeaf = new Leaf { Start = leaf.Start + leftCount, Count = leaf.Count - leftCount, Sum = leaf.Sum - split.LeftSum, ParentNode = node };
            if (leaves.Count + 1 < _parameters.Leaves)
            {
                var (small, large) = LeftIsSmaller(leftCount, leaf.Count) ? (leftLeaf, rightLeaf) : (rightLeaf, leftLeaf);
                small.Histogram = BuildHistogram(small, _ordered, useFeature); // the partition gathered its sums
                large.Histogram = leaf.Histogram;
                Subtract(large.Histogram, small.Histogram);
                // The two searches share nothing they write: one each per thread.
                if (leaf.Count >= ParallelRowThreshold && _parameters.Threads > 1)
                    _workers.Invoke(() => leftLeaf.Best = BestSplit(leftLeaf, useFeature), () => rightLeaf.Best = BestSplit(rightLeaf, useFeature));
                else (leftLeaf.Best, rightLeaf.Best) = (BestSplit(leftLeaf, useFeature), BestSplit(rightLeaf, useFeature));
            }
            else
            {
                // The last split: its leaves are never split, so neither needs a histogram or a search.
                (leftLeaf.Best, rightLeaf.Best) = (Split.None, Split.None);
                _free.Push(leaf.Histogram);
            }
            leaves[best] = leftLeaf;
            leaves.Insert(best + 1, rightLeaf);
        }

        var values = new double[leaves.Count];
        var leafRows = new (int, int)[leaves.Count];
        for (var i = 0; i < leaves.Count; i++)
        {
            var leaf = leaves[i];
            values[i] = -quantized.Gradient(leaf.Sum) / (quantized.Hessian(leaf.Sum) + _parameters.L2) * _parameters.LearningRate;
            leafRows[i] = (leaf.Start, leaf.Count);
            if (leaf.ParentNode >= 0) (leaf.IsLeft ? left : right)[leaf.ParentNode] = ~i;
            if (leaf.Histogram.Length > 0) _free.Push(leaf.Histogram);
        }
        var spec = new TreeSpec(features.ToArray(), thresholds.ToArray(), missingLeft.ToArray(), left.ToArray(), right.ToArray(), values);
        return new GrownTree(spec, bins.ToArray(), _rows, leafRows);
    }

    /// <summary>
    /// The leaf's histogram from its rows' packed (gradient, hessian) sums, given in node order; <paramref name="allRows"/>
    /// says the leaf is every row in row order (the root), so a row is its position.
    /// </summary>
    private long[] BuildHistogram(Leaf leaf, long[] ordered, bool[] useFeature, bool allRows = false)
    {
        var histogram = _free.Count > 0 ? _free.Pop() : new long[_data.Features * Stride];
        Array.Clear(histogram);
        int start = leaf.Start, count = leaf.Count;
        var parallel = count >= ParallelRowThreshold;
        if (_rowMajor is not null && count * SparseShare < _data.Rows)
        {
            AddRowsByRows(start, count, ordered, histogram, parallel);
            return histogram;
        }

        // Each feature is one thread's: it adds every row of the node to the feature's histogram. Features go in groups of
        // up to four, so each row's index and sums are loaded once for the group; the groups are sized so that they
        // divide evenly among the threads.
        var groups = FeatureGroups(useFeature);
        void AddGroup(int i)
        {
            var group = groups[i];
            ref var rows = ref _rows[start];
            ref var pairs = ref ordered[0];
            if (allRows) AddGroupRows<AllRows>(ref rows, ref pairs, count, histogram, group);
            else AddGroupRows<ListedRows>(ref rows, ref pairs, count, histogram, group);
        }
        if (parallel) _workers.For(0, groups.Length, AddGroup);
        else for (var i = 0; i < groups.Length; i++) AddGroup(i);
        return histogram;
    }

    /// <summary>
    /// A sparse leaf's histogram read row by row (<see cref="RowMajorBins"/>). With two threads each takes half the rows
    /// into a histogram of its own and the halves are added: integer sums, so the same whatever the split.
    /// </summary>
    private void AddRowsByRows(int start, int count, long[] ordered, long[] histogram, bool parallel)
    {
        var rowMajor = _rowMajor!;
        if (!parallel || _parameters.Threads < 2)
        {
            rowMajor.AddRows(_rows.AsSpan(start, count), ordered.AsSpan(0, count), histogram);
            return;
        }
        var half = count / 2;
        Array.Clear(_half);
        _workers.Invoke(
            () => rowMajor.AddRows(_rows.AsSpan(start, half), ordered.AsSpan(0, half), histogram),
            () => rowMajor.AddRows(_rows.AsSpan(start + half, count - half), ordered.AsSpan(half, count - half), _half));
        Add(histogram, _half);
    }

    /// <summary>The packed sums of the first <paramref name="count"/> rows of the row list, in parallel parts (integer sums: any order gives the same).</summary>
    private long Sum(long[] packed, int count)
    {
        const int chunk = 1 << 16;
        var parts = new long[(count + chunk - 1) / chunk];
        _workers.For(0, parts.Length, c =>
        {
            long sum = 0;
            foreach (var row in _rows.AsSpan(c * chunk, Math.Min(chunk, count - c * chunk))) sum += packed[row];
            parts[c] = sum;
        });
        long total = 0;
        foreach (var part in parts) total += part;
        return total;
    }

    /// <summary>Copies the packed sums of the first <paramref name="count"/> rows of the row list into node order.</summary>
    private void Gather(long[] packed, int count)
    {
        const int chunk = 1 << 14;
        var chunks = (count + chunk - 1) / chunk;
        void Part(int c) => GatherPairs(packed, _rows.AsSpan(c * chunk, Math.Min(chunk, count - c * chunk)), _ordered.AsSpan(c * chunk));
        if (chunks > 1) _workers.For(0, chunks, Part);
        else Part(0);
    }

    /// <summary>Copies the rows' pairs into node order, prefetching a few rows ahead: the rows are scattered through the array.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void GatherPairs(long[] packed, ReadOnlySpan<int> rows, Span<long> ordered)
    {
        const int ahead = 16;
        fixed (long* pairs = packed)
        {
            var i = 0;
            for (; i + ahead < rows.Length; i++)
            {
                if (Sse.IsSupported) Sse.Prefetch0(pairs + rows[i + ahead]);
                ordered[i] = pairs[rows[i]];
            }
            for (; i < rows.Length; i++) ordered[i] = pairs[rows[i]];
        }
    }

    /// <summary>The used features in groups of at most four, as many groups as fit a multiple of the thread count.</summary>
    private int[][] FeatureGroups(bool[] useFeature)
    {
        var used = Enumerable.Range(0, _data.Features).Where(f => useFeature[f]).ToArray();
        var threads = Math.Max(1, _parameters.Threads);
        var groupCount = (used.Length + 3) / 4;
        groupCount = Math.Min(used.Length, (groupCount + threads - 1) / threads * threads);
        var groups = new int[groupCount][];
        for (int g = 0, from = 0; g < groupCount; g++)
        {
            var size = (used.Length - from) / (groupCount - g);
            groups[g] = used[from..(from + size)];
            from += size;
        }
        return groups;
    }

    private void AddGroupRows<TRows>(ref int rows, ref long pairs, int count, long[] histogram, int[] group) where TRows : struct, IRows
    {
        switch (group.Length)
        {
            case 4: AddRows<Four, TRows>(ref rows, ref pairs, count, histogram, group); break;
            case 3: AddRows<Three, TRows>(ref rows, ref pairs, count, histogram, group); break;
            case 2: AddRows<Two, TRows>(ref rows, ref pairs, count, histogram, group); break;
            default: AddRows<One, TRows>(ref rows, ref pairs, count, histogram, group); break;
        }
    }

    /// <summary>Whether the i-th row of a leaf is row i (the root: no row list to read).</summary>
    private interface IRows { static abstract bool All { get; } }
    private struct AllRows : IRows { public static bool All => true; }
    private struct ListedRows : IRows { public static bool All => false; }

    private interface IWidth { static abstract int Value { get; } }
    private struct One : IWidth { public static int Value => 1; }
    private struct Two : IWidth { public static int Value => 2; }
    private struct Three : IWidth { public static int Value => 3; }
    private struct Four : IWidth { public static int Value => 4; }

    /// <summary>Adds rows' packed (gradient, hessian) to the histograms of a group of <typeparamref name="TWidth"/> features.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AddRows<TWidth, TRows>(ref int rows, ref long pairs, int count, long[] histogram, int[] group)
        where TWidth : struct, IWidth where TRows : struct, IRows
    {
        // Bins are bytes and each feature has 256 entries, so no index can be out of range: skip the checks. The JIT
        // compiles one loop per width, so the unused lanes of a narrower group cost nothing.
        var width = TWidth.Value;
        ref var h0 = ref histogram[group[0] * Stride];
        ref var h1 = ref histogram[group[Math.Min(1, width - 1)] * Stride];
        ref var h2 = ref histogram[group[Math.Min(2, width - 1)] * Stride];
        ref var h3 = ref histogram[group[width - 1] * Stride];
        ref var b0 = ref MemoryMarshal.GetArrayDataReference(_data.Bins[group[0]]);
        ref var b1 = ref MemoryMarshal.GetArrayDataReference(_data.Bins[group[Math.Min(1, width - 1)]]);
        ref var b2 = ref MemoryMarshal.GetArrayDataReference(_data.Bins[group[Math.Min(2, width - 1)]]);
        ref var b3 = ref MemoryMarshal.GetArrayDataReference(_data.Bins[group[width - 1]]);
        for (var i = 0; i < count; i++)
        {
            var row = TRows.All ? i : (nint)(uint)Unsafe.Add(ref rows, i);
            var pair = Unsafe.Add(ref pairs, i);
            Unsafe.Add(ref h0, Unsafe.Add(ref b0, row)) += pair;
            if (width > 1) Unsafe.Add(ref h1, Unsafe.Add(ref b1, row)) += pair;
            if (width > 2) Unsafe.Add(ref h2, Unsafe.Add(ref b2, row)) += pair;
            if (width > 3) Unsafe.Add(ref h3, Unsafe.Add(ref b3, row)) += pair;
        }
    }

    private static void Add(long[] target, long[] other)
    {
        var i = 0;
        for (; i + Vector256<long>.Count <= target.Length; i += Vector256<long>.Count)
            (Vector256.Create<long>(target.AsSpan(i)) + Vector256.Create<long>(other.AsSpan(i))).CopyTo(target.AsSpan(i));
        for (; i < target.Length; i++) target[i] += other[i];
    }

    private static void Subtract(long[] target, long[] small)
    {
        var i = 0;
        for (; i + Vector256<long>.Count <= target.Length; i += Vector256<long>.Count)
            (Vector256.Create<long>(target.AsSpan(i)) - Vector256.Create<long>(small.AsSpan(i))).CopyTo(target.AsSpan(i));
        for (; i < target.Length; i++) target[i] -= small[i];
    }

    /// <summary>
    /// The split of the leaf that gains most, among those leaving both sides at least <see cref="TreeParameters.MinLeafRows"/>
    /// rows and <see cref="TreeParameters.MinLeafHessian"/>; ties go to the first in (feature, bin, missing right first) order.
    /// Histograms hold no counts (an 8-byte bin instead of 16 makes them much faster to build), so the row rule is settled
    /// from hessians where it can be: a side with hessian sum h has at least h / (the largest row hessian) rows. Only a
    /// feature whose doubtful splits could beat the best sure one has its rows counted, bin by bin, and is searched again
    /// with exact counts. The result is the split a search with exact counts everywhere would find.
    /// </summary>
    private Split BestSplit(Leaf leaf, bool[] useFeature)
    {
        var p = _parameters;
        if (leaf.Count < 2 * p.MinLeafRows) return Split.None;
        var best = Split.None;
        var sure = p.MinLeafRows * _quantized.LargestHessian; // in integer units, so exact
        var doubtful = new double[_data.Features];
        Array.Fill(doubtful, double.NegativeInfinity);
        for (var f = 0; f < _data.Features; f++)
            if (useFeature[f]) Search(leaf, f, null, ref best, doubtful, sure);

        Span<int> counts = stackalloc int[Stride];
        while (true)
        {
            var f = Array.IndexOf(doubtful, doubtful.Max());
            if (!(doubtful[f] > 0 && doubtful[f] >= best.Gain)) return best;
            doubtful[f] = double.NegativeInfinity;
            CountBins(leaf, f, counts);
            Search(leaf, f, counts, ref best, doubtful, sure);
        }
    }

    /// <summary>
    /// Searches feature <paramref name="f"/>'s splits. With <paramref name="counts"/>, the row rule is checked exactly;
    /// without, a split whose sides' hessians do not prove it is noted in <paramref name="doubtful"/> by its gain.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Search(Leaf leaf, int f, ReadOnlySpan<int> counts, ref Split best, double[] doubtful, long sure)
    {
        var search = new FeatureSearch(leaf.Sum, leaf.Count, _quantized, _parameters, f, !counts.IsEmpty, sure);
        var hist = leaf.Histogram.AsSpan(f * Stride, Stride);
        var missing = hist[0];
        var missingCount = search.Exact ? counts[0] : 0;
        var left = 0L;
        var leftCount = 0;
        var worstDoubtful = doubtful[f];
        for (var b = 1; b < _data.BinCount(f); b++)
        {
            left += hist[b];
            if (search.Exact) leftCount += counts[b];
            search.Consider(b, false, left, leftCount, ref best, ref worstDoubtful);
            if (missing != 0) search.Consider(b, true, left + missing, leftCount + missingCount, ref best, ref worstDoubtful);
        }
        doubtful[f] = worstDoubtful;
    }

    /// <summary>One feature's split search over a leaf: what each candidate is weighed with, held in registers.</summary>
    private readonly struct FeatureSearch(long sum, int count, QuantizedGradients q, TreeParameters p, int feature, bool exact, long sure)
    {
        private readonly long _sum = sum;
        private readonly int _count = count, _minRows = p.MinLeafRows, _feature = feature;
        private readonly double _gradientScale = q.GradientScale, _hessianScale = q.HessianScale, _l2 = p.L2;
        private readonly double _parentScore = Score(sum, q.GradientScale, q.HessianScale, p.L2);
        private readonly long _sure = sure;
        public bool Exact { get; } = exact;

        /// <summary>Weighs the split sending <paramref name="leftSum"/> (<paramref name="leftCount"/> rows, when exact) left.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Consider(int bin, bool missingLeft, long leftSum, int leftCount, ref Split best, ref double doubtful)
        {
            var rightSum = _sum - leftSum;
            if ((uint)leftSum * _hessianScale < TreeParameters.MinLeafHessian || (uint)rightSum * _hessianScale < TreeParameters.MinLeafHessian) return;
            var gain = Score(leftSum, _gradientScale, _hessianScale, _l2) + Score(rightSum, _gradientScale, _hessianScale, _l2) - _parentScore;
            if (Exact)
            {
                if (leftCount < _minRows || _count - leftCount < _minRows) return;
            }
            else if (QuantizedGradients.HessianUnits(leftSum) < _sure || QuantizedGradients.HessianUnits(rightSum) < _sure)
            {
                doubtful = Math.Max(doubtful, gain);
                return;
            }
            if (gain > best.Gain || gain == best.Gain && best.Exists && (_feature, bin, missingLeft).CompareTo((best.Feature, best.Bin, best.MissingLeft)) < 0)
                best = new Split(_feature, bin, missingLeft, gain, leftSum);
        }

        /// <summary>A side's g² / (h + L2), as <see cref="QuantizedGradients.Gradient"/> and <see cref="QuantizedGradients.Hessian"/> read its sums.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static double Score(long sum, double gradientScale, double hessianScale, double l2)
        {
            var g = (sum >> 32) * gradientScale;
            return g * g / ((uint)sum * hessianScale + l2);
        }
    }

    /// <summary>How many of the leaf's rows fall in each bin of feature <paramref name="f"/>.</summary>
    private void CountBins(Leaf leaf, int f, Span<int> counts)
    {
        counts.Clear();
        var bins = _data.Bins[f];
        foreach (var row in _rows.AsSpan(leaf.Start, leaf.Count)) counts[bins[row]]++;
    }

    /// <summary>
    /// Moves the leaf's rows that go left to the front of its range, keeping both sides in row order. Large leaves are
    /// cut into chunks partitioned in parallel into scratch, then copied back in chunk order: the same result. While a
    /// chunk is copied back, the pairs of its rows on the smaller side (whose histogram is built next) are gathered, unless
    /// <paramref name="gather"/> says no histogram follows.
    /// </summary>
    private int Partition(Leaf leaf, Split split, long[] packed, bool gather)
    {
        const int chunk = 1 << 15;
        var chunks = (leaf.Count + chunk - 1) / chunk;
        var lefts = new int[chunks];
        void Split(int c)
        {
            var bins = _data.Bins[split.Feature];
            var from = leaf.Start + c * chunk;
            var rows = _rows.AsSpan(from, Math.Min(chunk, leaf.Start + leaf.Count - from));
            // Lefts fill the chunk's scratch from the front, rights from the back (reversed, undone when copied back).
            lefts[c] = RowSplit.Split(rows, bins, split.Bin, split.MissingLeft, _scratch.AsSpan(from, rows.Length));
        }
        if (chunks > 1) _workers.For(0, chunks, Split);
        else Split(0);

        var leftTotal = lefts.Sum();
        var leftIsSmall = LeftIsSmaller(leftTotal, leaf.Count);
        void CopyBack(int c)
        {
            var from = leaf.Start + c * chunk;
            var length = Math.Min(chunk, leaf.Start + leaf.Count - from);
            int leftAt = leaf.Start, rightAt = leaf.Start + leftTotal;
            for (var k = 0; k < c; k++)
            {
                leftAt += lefts[k];
                rightAt += Math.Min(chunk, leaf.Count - k * chunk) - lefts[k];
            }
            _scratch.AsSpan(from, lefts[c]).CopyTo(_rows.AsSpan(leftAt));
            var rights = _scratch.AsSpan(from + lefts[c], length - lefts[c]);
            var target = _rows.AsSpan(rightAt, rights.Length);
            rights.CopyTo(target);
            target.Reverse(); // vectorized, unlike a reversed copy
            if (!gather) return;
            if (leftIsSmall) GatherPairs(packed, _rows.AsSpan(leftAt, lefts[c]), _ordered.AsSpan(leftAt - leaf.Start));
            else GatherPairs(packed, target, _ordered.AsSpan(rightAt - leaf.Start - leftTotal));
        }
        if (chunks > 1) _workers.For(0, chunks, CopyBack);
        else CopyBack(0);
        return leftTotal;
    }

    /// <summary>Whether a split's left child is the one whose histogram is built (the other's is subtracted): ties go left.</summary>
    private static bool LeftIsSmaller(int leftCount, int count) => leftCount <= count - leftCount;
}
