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
    private const int MaxBins = 256;
    private const int Stride = MaxBins * 3;
    private const int ParallelRowThreshold = 4096;

    private readonly FeatureBins _data;
    private readonly TreeParameters _parameters;
    private readonly ParallelOptions _parallel;
    private readonly int[] _rows;
    private readonly int[] _scratch;
    private readonly double[] _orderedG;
    private readonly double[] _orderedH;
    private readonly Stack<double[]> _free = new();

    private sealed class Leaf
    {
        public int Start, Count;
        public double G, H;
        public double[] Histogram = [];
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
        _scratch = new int[data.Rows];
        _orderedG = new double[data.Rows];
        _orderedH = new double[data.Rows];
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

    private double[] BuildHistogram(Leaf leaf, double[] g, double[] h, bool[] useFeature)
    {
        var histogram = _free.Count > 0 ? _free.Pop() : new double[_data.Features * Stride];
        Array.Clear(histogram);
        int start = leaf.Start, count = leaf.Count;
        for (var i = 0; i < count; i++)
        {
            var r = _rows[start + i];
            _orderedG[i] = g[r];
            _orderedH[i] = h[r];
        }
        void Feature(int f)
        {
            if (!useFeature[f]) return;
            var bins = _data.Bins[f];
            var hist = histogram.AsSpan(f * Stride, Stride);
            var rows = _rows.AsSpan(start, count);
            var og = _orderedG.AsSpan(0, count);
            var oh = _orderedH.AsSpan(0, count);
            for (var i = 0; i < rows.Length; i++)
            {
                var at = bins[rows[i]] * 3;
                hist[at] += og[i];
                hist[at + 1] += oh[i];
                hist[at + 2] += 1;
            }
        }
        if (count >= ParallelRowThreshold) Parallel.For(0, _data.Features, _parallel, Feature);
        else for (var f = 0; f < _data.Features; f++) Feature(f);
        return histogram;
    }

    private static void Subtract(double[] target, double[] small)
    {
        var t = target.AsSpan();
        var s = small.AsSpan();
        for (var i = 0; i < t.Length; i++) t[i] -= s[i];
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
            double mG = hist[0], mH = hist[1], mC = hist[2];
            double lG = 0, lH = 0, lC = 0;
            for (var b = 1; b < binCount; b++)
            {
                lG += hist[b * 3];
                lH += hist[b * 3 + 1];
                lC += hist[b * 3 + 2];
                Consider(f, b, false, lG, lH, lC);
                if (mC > 0) Consider(f, b, true, lG + mG, lH + mH, lC + mC);
            }
        }
        return best;

        void Consider(int f, int bin, bool missingLeft, double gl, double hl, double cl)
        {
            double gr = leaf.G - gl, hr = leaf.H - hl, cr = leaf.Count - cl;
            if (cl < p.MinLeafRows || cr < p.MinLeafRows || hl < TreeParameters.MinLeafHessian || hr < TreeParameters.MinLeafHessian) return;
            var gain = gl * gl / (hl + p.L2) + gr * gr / (hr + p.L2) - parentScore;
            if (gain > best.Gain) best = new Split(f, bin, missingLeft, gain, gl, hl, (int)cl);
        }
    }

    /// <summary>Moves the leaf's rows that go left to the front of its range, keeping both sides in row order.</summary>
    private int Partition(Leaf leaf, Split split)
    {
        var bins = _data.Bins[split.Feature];
        var rows = _rows.AsSpan(leaf.Start, leaf.Count);
        int l = 0, r = 0;
        foreach (var row in rows)
        {
            var bin = bins[row];
            if (bin == 0 ? split.MissingLeft : bin <= split.Bin) rows[l++] = row;
            else _scratch[r++] = row;
        }
        _scratch.AsSpan(0, r).CopyTo(rows[l..]);
        return l;
    }
}
