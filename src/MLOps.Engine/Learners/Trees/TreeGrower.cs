using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using MLOps.Runtime;

namespace MLOps.Engine.Learners.Trees;

/// <summary>A grown tree: its model-file form, the bin of each split (to route binned rows), and which rows ended in which leaf.</summary>
internal sealed record GrownTree(TreeSpec Spec, int[] SplitBins, int[] Rows, (int Start, int Count)[] LeafRows);

/// <summary>
/// Grows one regression tree on gradients and hessians, leaf-wise as LightGBM does: always split the leaf whose best
/// split gains most, until <see cref="TreeParameters.Leaves"/> leaves. Histograms of (gradient, hessian, count)
/// per bin find the splits; a split's larger child gets its histogram by subtracting the smaller's from its
/// parent's. Features are processed in parallel, each one by one thread over the rows in order, so the tree is the
/// same whatever the number of threads.
/// </summary>
internal sealed class TreeGrower
{
    private const int Stride = 256; // histogram entries per feature: one per possible bin
    private const int ParallelRowThreshold = 4096;

    private readonly FeatureBins _data;
    private readonly TreeParameters _parameters;
    private readonly ParallelOptions _parallel;
    private readonly int[] _rows;
    private readonly int[] _scratch;
    // Each row's (gradient, hessian, 1, 0) in node order: one 256-bit add per row and feature updates a bin's sums and count.
    private readonly Vector256<double>[] _ordered;
    private readonly Stack<Vector256<double>[]> _free = new();

    private sealed class Leaf
    {
        public int Start, Count;
        public double G, H;
        public Vector256<double>[] Histogram = [];
        public Split Best;
        public int ParentNode = -1;
        public bool IsLeft;
    }

    private readonly record struct Split(int Feature, int Bin, bool MissingLeft, double Gain, double LeftG, double LeftH, int LeftCount)
    {
        public bool Exists => Feature >= 0;
        public static readonly Split None = new(-1, 0, false, 0, 0, 0, 0);
    }

    public TreeGrower(FeatureBins data, TreeParameters parameters)
    {
        _data = data;
        _parameters = parameters;
        _parallel = new ParallelOptions { MaxDegreeOfParallelism = parameters.Threads };
        _rows = new int[data.Rows];
        _scratch = new int[data.Rows]; // partition scratch, used at the same offsets as _rows
        _ordered = new Vector256<double>[data.Rows];
    }

    /// <summary>Grows a tree on the rows in <paramref name="rows"/> (ascending) using the features where <paramref name="useFeature"/> is true.</summary>
    public GrownTree Grow(double[] g, double[] h, ReadOnlySpan<int> rows, bool[] useFeature)
    {
        rows.CopyTo(_rows);
        var root = new Leaf { Start = 0, Count = rows.Length };
        for (var i = 0; i < rows.Length; i++)
        {
            root.G += g[rows[i]];
            root.H += h[rows[i]];
        }
        root.Histogram = BuildHistogram(root, g, h, useFeature);
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

            var leftCount = Partition(leaf, split);
            var leftLeaf = new Leaf { Start = leaf.Start, Count = leftCount, G = split.LeftG, H = split.LeftH, ParentNode = node, IsLeft = true };
            var rightLeaf = new Leaf { Start = leaf.Start + leftCount, Count = leaf.Count - leftCount, G = leaf.G - split.LeftG, H = leaf.H - split.LeftH, ParentNode = node };
            var (small, large) = leftLeaf.Count <= rightLeaf.Count ? (leftLeaf, rightLeaf) : (rightLeaf, leftLeaf);
            small.Histogram = BuildHistogram(small, g, h, useFeature);
            large.Histogram = leaf.Histogram;
            Subtract(large.Histogram, small.Histogram);
            leftLeaf.Best = BestSplit(leftLeaf, useFeature);
            rightLeaf.Best = BestSplit(rightLeaf, useFeature);
            leaves[best] = leftLeaf;
            leaves.Insert(best + 1, rightLeaf);
        }

        var values = new double[leaves.Count];
        var leafRows = new (int, int)[leaves.Count];
        for (var i = 0; i < leaves.Count; i++)
        {
            var leaf = leaves[i];
            values[i] = -leaf.G / (leaf.H + _parameters.L2) * _parameters.LearningRate;
            leafRows[i] = (leaf.Start, leaf.Count);
            if (leaf.ParentNode >= 0) (leaf.IsLeft ? left : right)[leaf.ParentNode] = ~i;
            _free.Push(leaf.Histogram);
        }
        var spec = new TreeSpec(features.ToArray(), thresholds.ToArray(), missingLeft.ToArray(), left.ToArray(), right.ToArray(), values);
        return new GrownTree(spec, bins.ToArray(), _rows, leafRows);
    }

    private Vector256<double>[] BuildHistogram(Leaf leaf, double[] g, double[] h, bool[] useFeature)
    {
        var histogram = _free.Count > 0 ? _free.Pop() : new Vector256<double>[_data.Features * Stride];
        Array.Clear(histogram);
        int start = leaf.Start, count = leaf.Count;
        var features = _data.Features;
        var parallel = count >= ParallelRowThreshold;
        const int chunk = 1 << 15;
        void Gather(int c)
        {
            var end = Math.Min(count, (c + 1) * chunk);
            for (var i = c * chunk; i < end; i++)
            {
                var r = _rows[start + i];
                _ordered[i] = Vector256.Create(g[r], h[r], 1, 0);
            }
        }
        if (parallel) Parallel.For(0, (count + chunk - 1) / chunk, _parallel, Gather);
        else Gather(0);

        // Each feature is one thread's: it adds every row of the node, in order, to the feature's histogram. Features
        // go in pairs, so each row's index and gradient are loaded once for two histograms (the same sums, in the
        // same order, as one feature at a time).
        var used = Enumerable.Range(0, features).Where(f => useFeature[f]).ToArray();
        void Pair(int p)
        {
            var f = used[2 * p];
            ref var row0 = ref _rows[start];
            ref var gradient0 = ref _ordered[0];
            ref var hist = ref histogram[f * Stride];
            ref var bin0 = ref MemoryMarshal.GetArrayDataReference(_data.Bins[f]);
            // Bins are bytes and the histogram has 256 entries, so no index can be out of range: skip the checks.
            if (2 * p + 1 == used.Length)
            {
                for (var i = 0; i < count; i++)
                    Unsafe.Add(ref hist, Unsafe.Add(ref bin0, (nint)(uint)Unsafe.Add(ref row0, i))) += Unsafe.Add(ref gradient0, i);
                return;
            }
            var g = used[2 * p + 1];
            ref var histG = ref histogram[g * Stride];
            ref var binG = ref MemoryMarshal.GetArrayDataReference(_data.Bins[g]);
            for (var i = 0; i < count; i++)
            {
                var row = (nint)(uint)Unsafe.Add(ref row0, i);
                var gradient = Unsafe.Add(ref gradient0, i);
                Unsafe.Add(ref hist, Unsafe.Add(ref bin0, row)) += gradient;
                Unsafe.Add(ref histG, Unsafe.Add(ref binG, row)) += gradient;
            }
        }
        var pairs = (used.Length + 1) / 2;
        if (parallel) Parallel.For(0, pairs, _parallel, Pair);
        else for (var p = 0; p < pairs; p++) Pair(p);
        return histogram;
    }

    private static void Subtract(Vector256<double>[] target, Vector256<double>[] small)
    {
        for (var i = 0; i < target.Length; i++) target[i] -= small[i];
    }

    private Split BestSplit(Leaf leaf, bool[] useFeature)
    {
        var p = _parameters;
        if (leaf.Count < 2 * p.MinLeafRows) return Split.None;
        var best = Split.None;
        var parentScore = leaf.G * leaf.G / (leaf.H + p.L2);
        for (var f = 0; f < _data.Features; f++)
        {
            if (!useFeature[f]) continue;
            var hist = leaf.Histogram.AsSpan(f * Stride, Stride);
            var binCount = _data.BinCount(f);
            var missing = hist[0];
            var left = Vector256<double>.Zero;
            for (var b = 1; b < binCount; b++)
            {
                left += hist[b];
                Consider(f, b, false, left);
                if (missing[2] > 0) Consider(f, b, true, left + missing);
            }
        }
        return best;

        void Consider(int f, int bin, bool missingLeft, Vector256<double> sums)
        {
            double gl = sums[0], hl = sums[1], cl = sums[2];
            double gr = leaf.G - gl, hr = leaf.H - hl, cr = leaf.Count - cl;
            if (cl < p.MinLeafRows || cr < p.MinLeafRows || hl < TreeParameters.MinLeafHessian || hr < TreeParameters.MinLeafHessian) return;
            var gain = gl * gl / (hl + p.L2) + gr * gr / (hr + p.L2) - parentScore;
            if (gain > best.Gain) best = new Split(f, bin, missingLeft, gain, gl, hl, (int)cl);
        }
    }

    /// <summary>
    /// Moves the leaf's rows that go left to the front of its range, keeping both sides in row order. Large leaves are
    /// cut into chunks partitioned in parallel into scratch, then copied back in chunk order: the same result.
    /// </summary>
    private int Partition(Leaf leaf, Split split)
    {
        const int chunk = 1 << 15;
        var chunks = (leaf.Count + chunk - 1) / chunk;
        var lefts = new int[chunks];
        void Split(int c)
        {
            var bins = _data.Bins[split.Feature];
            var from = leaf.Start + c * chunk;
            var rows = _rows.AsSpan(from, Math.Min(chunk, leaf.Start + leaf.Count - from));
            var scratch = _scratch.AsSpan(from, rows.Length);
            int l = 0, r = rows.Length;
            // Lefts fill the chunk's scratch from the front, rights from the back (reversed, undone when copied back).
            foreach (var row in rows)
            {
                var bin = bins[row];
                if (bin == 0 ? split.MissingLeft : bin <= split.Bin) scratch[l++] = row;
                else scratch[--r] = row;
            }
            lefts[c] = l;
        }
        if (chunks > 1) Parallel.For(0, chunks, _parallel, Split);
        else Split(0);

        var leftTotal = lefts.Sum();
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
            for (var i = 0; i < rights.Length; i++) target[i] = rights[rights.Length - 1 - i];
        }
        if (chunks > 1) Parallel.For(0, chunks, _parallel, CopyBack);
        else CopyBack(0);
        return leftTotal;
    }
}
