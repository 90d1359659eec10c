using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using MLOps.Engine.Statistics;
using MLOps.Engine.Vocabulary;

namespace MLOps.Engine.Metrics;

/// <summary>
/// A metric's improvement of one model over another on the same rows (<c>better − worse</c>, callers order the
/// models so that positive is an improvement), evaluated under row weights. Everything that depends only on the
/// predictions (sort orders, per-row values, confusion cells) is prepared once, so a resample is at most one
/// linear pass per model and never a sort.
/// </summary>
public abstract class PairedMetric : IPairedDifference
{
    /// <summary>The difference when row i counts <c>weights.Of(i)</c> times.</summary>
    public abstract double Difference<TWeights>(TWeights weights) where TWeights : struct, IRowWeights;

    /// <summary>The difference under the Poisson resample <paramref name="key"/>; metrics of counts override it to draw per cell.</summary>
    public virtual double Resample(ulong key) => Difference(new PoissonWeights(key));

    /// <summary>
    /// <see cref="PoissonBlocks.Lanes"/> resamples at once, each equal to <see cref="Resample"/> of its key. Metrics
    /// that walk rows override it to advance all the resamples per row (see <see cref="PoissonBlocks.ResampleLanes"/>).
    /// </summary>
    public virtual void ResampleLanes(ReadOnlySpan<ulong> keys, Span<double> differences)
    {
        for (var k = 0; k < keys.Length; k++) differences[k] = Resample(keys[k]);
    }

    /// <summary>
    /// The difference without each jackknife group in turn (<see cref="OmitGroup"/>). Metrics whose sums split by
    /// group override it to find every group's share in one pass, instead of one pass per group.
    /// </summary>
    public virtual double[] Jackknife(int groups)
    {
        var estimates = new double[groups];
        Parallel.For(0, groups, g => estimates[g] = Difference(new OmitGroup(g, groups)));
        return estimates;
    }

    /// <summary>A metric of <paramref name="task"/> by name (<see cref="MetricRegistry"/>), or null for a name it does not know or a metric with no paired difference.</summary>
    public static PairedMetric? For(ModelTask task, string name, double[] labels, double[] better, double[] worse) =>
        MetricRegistry.Find(task, name)?.Paired(labels, better, worse);

    /// <summary>Mean of per-row differences: one pass, whatever the weights.</summary>
    internal sealed class Mean(double[] values) : PairedMetric
    {
        /// <summary>
        /// Each lane sums its rows in row order, as <see cref="Difference"/> does, so every instruction set gives the
        /// same bits. The adds of one lane form a chain, but the 16 lanes' chains run side by side.
        /// </summary>
        public override void ResampleLanes(ReadOnlySpan<ulong> keys, Span<double> differences)
        {
            if (keys.Length != PoissonBlocks.Lanes || values.Length > MaxLaneRows) base.ResampleLanes(keys, differences);
            else if (PoissonBlocks.ResampleLanes.Wide) Wide(new PoissonBlocks.ResampleLanes(keys), differences);
            else if (PoissonBlocks.ResampleLanes.Halves) Halves(new PoissonBlocks.ResampleLanes(keys), differences);
            else base.ResampleLanes(keys, differences);
        }

        /// <summary>Counts stay in 32-bit lanes: at most 9 per row.</summary>
        private const int MaxLaneRows = int.MaxValue / 9;

        private void Wide(PoissonBlocks.ResampleLanes lanes, Span<double> differences)
        {
            Vector512<double> sumLow = default, sumHigh = default;
            var counts = Vector512<int>.Zero;
            for (var i = 0; i < values.Length; i++)
            {
                var w = lanes.Of(i);
                var (low, high) = Vector512.Widen(w);
                var value = Vector512.Create(values[i]);
                sumLow += Vector512.ConvertToDouble(low) * value;
                sumHigh += Vector512.ConvertToDouble(high) * value;
                counts += w;
            }
            for (var k = 0; k < 8; k++)
            {
                differences[k] = sumLow[k] / counts[k];
                differences[k + 8] = sumHigh[k] / counts[k + 8];
            }
        }

        private void Halves(PoissonBlocks.ResampleLanes lanes, Span<double> differences)
        {
            Vector256<double> sum0 = default, sum1 = default, sum2 = default, sum3 = default;
            Vector256<int> countLow = default, countHigh = default;
            for (var i = 0; i < values.Length; i++)
            {
                var (low, high) = lanes.HalvesOf(i);
                var value = Vector256.Create(values[i]);
                sum0 += Avx.ConvertToVector256Double(low.GetLower()) * value;
                sum1 += Avx.ConvertToVector256Double(low.GetUpper()) * value;
                sum2 += Avx.ConvertToVector256Double(high.GetLower()) * value;
                sum3 += Avx.ConvertToVector256Double(high.GetUpper()) * value;
                countLow += low;
                countHigh += high;
            }
            for (var k = 0; k < 4; k++)
            {
                differences[k] = sum0[k] / countLow[k];
                differences[k + 4] = sum1[k] / countLow[k + 4];
                differences[k + 8] = sum2[k] / countHigh[k];
                differences[k + 12] = sum3[k] / countHigh[k + 4];
            }
        }

        /// <summary>Each group's sum and count in one pass; an estimate is the rest's sum over the rest's count.</summary>
        public override double[] Jackknife(int groups)
        {
            var sums = new double[groups];
            var counts = new long[groups];
            double total = 0;
            for (int i = 0, g = 0; i < values.Length; i++, g = g + 1 == groups ? 0 : g + 1)
            {
                sums[g] += values[i];
                counts[g]++;
                total += values[i];
            }
            return Enumerable.Range(0, groups).Select(g => (total - sums[g]) / (values.Length - counts[g])).ToArray();
        }

        public override double Difference<TWeights>(TWeights weights)
        {
            double sum = 0;
            long count = 0;
            for (var i = 0; i < values.Length; i++)
            {
                var w = weights.Of(i);
                sum += w * values[i];
                count += w;
            }
            return sum / count;
        }
    }

    /// <summary>Metrics computed by one walk per model in that model's score order.</summary>
    internal sealed class Walked(SortedWalk better, SortedWalk worse) : PairedMetric
    {
        public override double Difference<TWeights>(TWeights weights) => better.Evaluate(weights) - worse.Evaluate(weights);

        public override double Resample(ulong key) => better.Resample(new PoissonWeights(key)) - worse.Resample(new PoissonWeights(key));

        public override double[] Jackknife(int groups) =>
            better.Jackknife(groups) is { } b && worse.Jackknife(groups) is { } w ? b.Select((v, g) => v - w[g]).ToArray() : base.Jackknife(groups);

        public override void ResampleLanes(ReadOnlySpan<ulong> keys, Span<double> differences)
        {
            Span<double> worseValues = stackalloc double[keys.Length];
            better.ResampleLanes(keys, differences);
            worse.ResampleLanes(keys, worseValues);
            for (var k = 0; k < keys.Length; k++) differences[k] -= worseValues[k];
        }
    }

    /// <summary>
    /// Metrics of the two models' confusion tables. Rows fall in 8 joint cells (label, candidate's prediction,
    /// baseline's prediction), so a Poisson resample is one Poisson draw per cell.
    /// </summary>
    internal sealed class ConfusionCells : PairedMetric
    {
        private readonly Func<BinaryMetrics.Confusion, double> _read;
        private readonly byte[] _cell;
        private readonly long[] _counts = new long[8];

        public ConfusionCells(Func<BinaryMetrics.Confusion, double> read, double[] labels, double[] better, double[] worse)
        {
            _read = read;
            _cell = new byte[labels.Length];
            for (var i = 0; i < labels.Length; i++)
            {
                _cell[i] = (byte)((labels[i] == 1 ? 4 : 0) + (better[i] >= BinaryMetrics.Threshold ? 2 : 0) + (worse[i] >= BinaryMetrics.Threshold ? 1 : 0));
                _counts[_cell[i]]++;
            }
        }

        public override double Difference<TWeights>(TWeights weights)
        {
            Span<long> cells = stackalloc long[8];
            for (var i = 0; i < _cell.Length; i++) cells[_cell[i]] += weights.Of(i);
            return FromCells(cells);
        }

        /// <summary>Each group's cells in one pass; without a group, the cells are the totals minus the group's.</summary>
        public override double[] Jackknife(int groups)
        {
            var cells = new long[groups * 8];
            for (int i = 0, g = 0; i < _cell.Length; i++, g = g + 1 == groups ? 0 : g + 1) cells[g * 8 + _cell[i]]++;
            return Enumerable.Range(0, groups).Select(g =>
            {
                Span<long> rest = stackalloc long[8];
                for (var c = 0; c < 8; c++) rest[c] = _counts[c] - cells[g * 8 + c];
                return FromCells(rest);
            }).ToArray();
        }

        public override double Resample(ulong key)
        {
            var random = new SplitMix64(key);
            Span<long> cells = stackalloc long[8];
            for (var c = 0; c < 8; c++) cells[c] = PoissonSampler.Draw(_counts[c], ref random);
            return FromCells(cells);
        }

        private double FromCells(ReadOnlySpan<long> cells) => _read(Table(cells, 2)) - _read(Table(cells, 1));

        /// <summary>One model's confusion table from the joint cells (cell = 4·label + 2·better's prediction + worse's).</summary>
        private static BinaryMetrics.Confusion Table(ReadOnlySpan<long> cells, int predictionBit)
        {
            long tp = 0, fp = 0, tn = 0, fn = 0;
            for (var c = 0; c < 8; c++)
            {
                var positive = (c & 4) != 0;
                var predicted = (c & predictionBit) != 0;
                if (positive) { if (predicted) tp += cells[c]; else fn += cells[c]; }
                else if (predicted) fp += cells[c];
                else tn += cells[c];
            }
            return new BinaryMetrics.Confusion(tp, fp, tn, fn);
        }
    }
}

/// <summary>Weighted sums of targets and residuals: w = Σk, sr = Σk·r, srr = Σk·r², total = Σk·(y − ȳ)².</summary>
internal readonly record struct Moments(double W, double Sr, double Srr, double Total);

/// <summary>rmse, r2 and explained variance from weighted sums of targets and residuals, one pass per model.</summary>
internal sealed class RegressionMoments(Func<Moments, double> read, double[] targets, double[] better, double[] worse) : PairedMetric
{
    public override double Difference<TWeights>(TWeights weights) => Evaluate(weights, better) - Evaluate(weights, worse);

    private double Evaluate<TWeights>(TWeights weights, double[] predictions) where TWeights : struct, IRowWeights
    {
        double w = 0, sy = 0, syy = 0, sr = 0, srr = 0;
        for (var i = 0; i < targets.Length; i++)
        {
            double k = weights.Of(i), y = targets[i], r = targets[i] - predictions[i];
            w += k; sy += k * y; syy += k * y * y; sr += k * r; srr += k * r * r;
        }
        return read(new Moments(w, sr, srr, syy - sy * sy / w));
    }
}

/// <summary>
/// Accuracy and the F1 averages of a multiclass model from weighted (true, predicted) confusion matrices of both
/// models, built in one pass per resample; each row's predicted class is found once.
/// </summary>
internal sealed class MulticlassConfusion : PairedMetric
{
    private readonly Func<(double Macro, double Micro, double Weighted), double> _read;
    private readonly int[] _labels, _better, _worse;
    private readonly int _classes;

    public MulticlassConfusion(Func<(double Macro, double Micro, double Weighted), double> read, double[] labels, double[] better, double[] worse, int classes)
    {
        (_read, _classes) = (read, classes);
        _labels = labels.Select(l => (int)l).ToArray();
        _better = Predicted(better, labels.Length, classes);
        _worse = Predicted(worse, labels.Length, classes);
    }

    private static int[] Predicted(double[] probabilities, int rows, int classes) =>
        Enumerable.Range(0, rows).Select(r => MulticlassMetrics.ArgMax(probabilities.AsSpan(r * classes, classes))).ToArray();

    public override double Difference<TWeights>(TWeights weights)
    {
        var better = new double[_classes, _classes];
        var worse = new double[_classes, _classes];
        for (var i = 0; i < _labels.Length; i++)
        {
            var w = weights.Of(i);
            if (w == 0) continue;
            better[_labels[i], _better[i]] += w;
            worse[_labels[i], _worse[i]] += w;
        }
        return Value(better) - Value(worse);
    }

    private double Value(double[,] confusion) => _read(MulticlassMetrics.F1Scores(confusion));
}

/// <summary>Macro one-vs-rest AUC: the mean over classes of each class's AUC walk, for both models.</summary>
internal sealed class OneVsRest : PairedMetric
{
    private readonly (AucWalk Better, AucWalk Worse)[] _walks;

    public OneVsRest(double[] labels, double[] better, double[] worse, int classes)
    {
        _walks = Enumerable.Range(0, classes).Select(k =>
        {
            var y = labels.Select(l => l == k ? 1.0 : 0.0).ToArray();
            double[] Column(double[] p) => Enumerable.Range(0, labels.Length).Select(r => p[r * classes + k]).ToArray();
            return (new AucWalk(y, Column(better)), new AucWalk(y, Column(worse)));
        }).ToArray();
    }

    public override double Difference<TWeights>(TWeights weights) =>
        _walks.Sum(w => w.Better.Evaluate(weights) - w.Worse.Evaluate(weights)) / _walks.Length;
}

/// <summary>
/// The median absolute error under row weights: the median of the sample in which row i appears weights.Of(i) times
/// (with unit weights exactly numpy's median: the mean of the two middle values of an even count). Each model's
/// absolute errors are sorted once; a resample walks them until half the total weight.
/// </summary>
internal sealed class WeightedMedian : PairedMetric
{
    private readonly (int[] Order, double[] Sorted) _better, _worse;

    public WeightedMedian(double[] targets, double[] better, double[] worse)
    {
        _better = Sort(targets, better);
        _worse = Sort(targets, worse);
    }

    private static (int[] Order, double[] Sorted) Sort(double[] targets, double[] predictions)
    {
        var errors = targets.Select((y, i) => Math.Abs(y - predictions[i])).ToArray();
        var order = Enumerable.Range(0, errors.Length).ToArray();
        Array.Sort(errors.ToArray(), order);
        return (order, order.Select(i => errors[i]).ToArray());
    }

    public override double Difference<TWeights>(TWeights weights) => Median(weights, _better) - Median(weights, _worse);

    private static double Median<TWeights>(TWeights weights, (int[] Order, double[] Sorted) model) where TWeights : struct, IRowWeights
    {
        var counts = new int[model.Order.Length];
        long total = 0;
        for (var k = 0; k < counts.Length; k++) total += counts[k] = weights.Of(model.Order[k]);
        if (total == 0) return double.NaN;
        long low = (total - 1) / 2, high = total / 2, seen = 0;
        var lowValue = double.NaN;
        for (var k = 0; k < counts.Length; k++)
        {
            seen += counts[k];
            if (double.IsNaN(lowValue) && seen > low) lowValue = model.Sorted[k];
            if (seen > high) return (lowValue + model.Sorted[k]) / 2;
        }
        return lowValue;
    }
}

/// <summary>One model's rows in descending-or-ascending score order with tie groups marked, for metrics that walk that order.</summary>
public abstract class SortedWalk
{
    protected readonly int[] Order;
    protected readonly byte[] SortedLabels;
    protected readonly bool[] StartsGroup;

    protected SortedWalk(double[] labels, double[] scores)
    {
        (Order, var keys) = SortedOrder.Of(scores);
        SortedLabels = Order.Select(i => (byte)(labels[i] == 1 ? 1 : 0)).ToArray();
        StartsGroup = keys.Select((k, j) => j == 0 || k != keys[j - 1]).ToArray();
        HasTies = Array.IndexOf(StartsGroup, false) >= 0;
    }

    /// <summary>Whether two rows share a score (walks without ties can take integer fast paths).</summary>
    protected bool HasTies { get; }

    public abstract double Evaluate<TWeights>(TWeights weights) where TWeights : struct, IRowWeights;

    /// <summary>The metric under a Poisson resample; walks that have a faster form than <see cref="Evaluate"/> override it.</summary>
    public virtual double Resample(PoissonWeights weights) => Evaluate(weights);

    /// <summary>The metric without each jackknife group in turn, when the walk has a one-pass form; otherwise null.</summary>
    public virtual double[]? Jackknife(int groups) => null;

    /// <summary>The metric under several resamples at once, each equal to <see cref="Resample"/> of its key.</summary>
    public virtual void ResampleLanes(ReadOnlySpan<ulong> keys, Span<double> values)
    {
        for (var k = 0; k < keys.Length; k++) values[k] = Resample(new PoissonWeights(keys[k]));
    }
}

/// <summary>AUC: positives times the negatives below them (ties count one half), by one ascending walk.</summary>
public sealed class AucWalk(double[] labels, double[] scores) : SortedWalk(labels, scores)
{
    /// <summary>Without ties (the common case for continuous scores) the walk is an integer scan over blocks of weights.</summary>
    public override double Resample(PoissonWeights poisson)
    {
        if (HasTies) return Evaluate(poisson);
        Span<int> weights = stackalloc int[PoissonBlocks.BlockSize];
        long negativesBelow = 0, positives = 0, pairs = 0;
        for (var start = 0; start < Order.Length; start += PoissonBlocks.BlockSize)
        {
            var block = weights[..Math.Min(PoissonBlocks.BlockSize, Order.Length - start)];
            PoissonBlocks.Of(poisson, Order.AsSpan(start, block.Length), block);
            var labels = SortedLabels.AsSpan(start, block.Length);
            for (var j = 0; j < block.Length; j++)
            {
                long w = block[j];
                var positive = w & -(long)labels[j]; // labels are 0 or 1
                pairs += positive * negativesBelow;
                positives += positive;
                negativesBelow += w - positive;
            }
        }
        return Auc(pairs, positives, negativesBelow);
    }

    /// <summary>
    /// 16 resamples per row: lane k holds resample k's running counts. Products of a weight (≤ 9) and the negatives
    /// below (≤ 9 per row) fit 32 bits for a million rows; they are widened to 64 bits every 16 rows.
    /// </summary>
    public override void ResampleLanes(ReadOnlySpan<ulong> keys, Span<double> values)
    {
        if (HasTies || keys.Length != PoissonBlocks.Lanes || Order.Length > 20_000_000) base.ResampleLanes(keys, values);
        else if (PoissonBlocks.ResampleLanes.Wide) Wide(new PoissonBlocks.ResampleLanes(keys), values);
        else if (PoissonBlocks.ResampleLanes.Halves) Halves(new PoissonBlocks.ResampleLanes(keys), values);
        else base.ResampleLanes(keys, values);
    }

    private void Wide(PoissonBlocks.ResampleLanes lanes, Span<double> values)
    {
        Vector512<int> negativesBelow = default, positives = default, pairsBlock = default;
        Vector512<long> pairsLow = default, pairsHigh = default;
        for (var j = 0; j < Order.Length; j++)
        {
            var w = lanes.Of(Order[j]);
            var positive = w & Vector512.Create(-(int)SortedLabels[j]);
            pairsBlock += positive * negativesBelow;
            positives += positive;
            negativesBelow += w - positive;
            if ((j & 15) != 15) continue;
            var (low, high) = Vector512.Widen(pairsBlock);
            pairsLow += low;
            pairsHigh += high;
            pairsBlock = default;
        }
        var (lastLow, lastHigh) = Vector512.Widen(pairsBlock);
        pairsLow += lastLow;
        pairsHigh += lastHigh;
        for (var k = 0; k < PoissonBlocks.Lanes; k++)
            values[k] = Auc(k < 8 ? pairsLow[k] : pairsHigh[k - 8], positives[k], negativesBelow[k]);
    }

    /// <summary><see cref="Wide"/> with each vector split in two 256-bit halves (AVX2).</summary>
    private void Halves(PoissonBlocks.ResampleLanes lanes, Span<double> values)
    {
        Vector256<int> negativesLow = default, negativesHigh = default, positivesLow = default, positivesHigh = default;
        Vector256<int> blockLow = default, blockHigh = default;
        Vector256<long> pairs0 = default, pairs1 = default, pairs2 = default, pairs3 = default;
        for (var j = 0; j < Order.Length; j++)
        {
            var (low, high) = lanes.HalvesOf(Order[j]);
            var label = Vector256.Create(-(int)SortedLabels[j]);
            var positiveLow = low & label;
            var positiveHigh = high & label;
            blockLow += positiveLow * negativesLow;
            blockHigh += positiveHigh * negativesHigh;
            positivesLow += positiveLow;
            positivesHigh += positiveHigh;
            negativesLow += low - positiveLow;
            negativesHigh += high - positiveHigh;
            if ((j & 15) != 15) continue;
            AddWidened(blockLow, ref pairs0, ref pairs1);
            AddWidened(blockHigh, ref pairs2, ref pairs3);
            blockLow = blockHigh = default;
        }
        AddWidened(blockLow, ref pairs0, ref pairs1);
        AddWidened(blockHigh, ref pairs2, ref pairs3);
        for (var k = 0; k < 4; k++)
        {
            values[k] = Auc(pairs0[k], positivesLow[k], negativesLow[k]);
            values[k + 4] = Auc(pairs1[k], positivesLow[k + 4], negativesLow[k + 4]);
            values[k + 8] = Auc(pairs2[k], positivesHigh[k], negativesHigh[k]);
            values[k + 12] = Auc(pairs3[k], positivesHigh[k + 4], negativesHigh[k + 4]);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddWidened(Vector256<int> block, ref Vector256<long> low, ref Vector256<long> high)
    {
        var (l, h) = Vector256.Widen(block);
        low += l;
        high += h;
    }

    private static double Auc(long pairs, long positives, long negatives) =>
        positives == 0 || negatives == 0 ? double.NaN : pairs / ((double)positives * negatives);

    /// <summary>
    /// Without ties, one walk finds every group's pairs: a group's omitted pairs are those with its positive (over any
    /// negative below) plus those with its negative (under any positive above), less those counted twice.
    /// </summary>
    public override double[]? Jackknife(int groups)
    {
        if (HasTies) return null;
        var positiveShare = new long[groups]; // pairs whose positive is in the group
        var negativeBelowSum = new long[groups]; // over the group's negatives: positives below them
        var inGroup = new long[groups]; // pairs with both rows in the group
        var positives = new long[groups];
        var negatives = new long[groups];
        long allPositives = 0, allNegatives = 0, pairs = 0;
        for (var j = 0; j < Order.Length; j++)
        {
            var g = Order[j] % groups;
            if (SortedLabels[j] == 1)
            {
                positiveShare[g] += allNegatives;
                inGroup[g] += negatives[g];
                pairs += allNegatives;
                positives[g]++;
                allPositives++;
            }
            else
            {
                negativeBelowSum[g] += allPositives;
                negatives[g]++;
                allNegatives++;
            }
        }
        return Enumerable.Range(0, groups).Select(g =>
        {
            var omitted = positiveShare[g] + (negatives[g] * allPositives - negativeBelowSum[g]) - inGroup[g];
            return Auc(pairs - omitted, allPositives - positives[g], allNegatives - negatives[g]);
        }).ToArray();
    }

    public override double Evaluate<TWeights>(TWeights weights)
    {
        long negativesBelow = 0, groupPositives = 0, groupNegatives = 0, positives = 0;
        double pairs = 0;
        for (var j = 0; j < Order.Length; j++)
        {
            if (StartsGroup[j])
            {
                pairs += groupPositives * (negativesBelow + 0.5 * groupNegatives);
                negativesBelow += groupNegatives;
                positives += groupPositives;
                groupPositives = groupNegatives = 0;
            }
            var w = weights.Of(Order[j]);
            var y = SortedLabels[j];
            groupPositives += w * y;
            groupNegatives += w - w * y;
        }
        pairs += groupPositives * (negativesBelow + 0.5 * groupNegatives);
        negativesBelow += groupNegatives;
        positives += groupPositives;
        return positives == 0 || negativesBelow == 0 ? double.NaN : pairs / ((double)positives * negativesBelow);
    }
}

/// <summary>Average precision by one descending walk (scikit-learn's definition).</summary>
public sealed class AveragePrecisionWalk(double[] labels, double[] scores) : SortedWalk(labels, scores)
{
    public override double Evaluate<TWeights>(TWeights weights)
    {
        long positives = 0;
        for (var j = 0; j < Order.Length; j++) positives += weights.Of(Order[j]) * SortedLabels[j];
        if (positives == 0) return double.NaN;
        long truePositives = 0, seen = 0;
        double previousRecall = 0, sum = 0;
        for (var j = Order.Length - 1; j >= 0; j--)
        {
            var w = weights.Of(Order[j]);
            seen += w;
            truePositives += w * SortedLabels[j];
            if (!StartsGroup[j] || seen == 0) continue; // close a tie group at its lowest position
            var recall = (double)truePositives / positives;
            sum += (recall - previousRecall) * ((double)truePositives / seen);
            previousRecall = recall;
        }
        return sum;
    }
}
