using System.Runtime.Intrinsics;
using MLOps.Engine.Statistics;
using MLOps.Runtime;

namespace MLOps.Engine.Learners.Trees;

/// <summary>The loss boosting minimizes: binary log-loss (scores are log-odds), squared error, or multiclass log-loss (softmax).</summary>
internal enum BoostingObjective { LogLoss, SquaredError, Softmax }

/// <summary>
/// A boosted ensemble: the starting score (one per class for softmax), the trees (for softmax, round by round, one
/// per class: tree t belongs to class t mod K), and how many rounds early stopping kept.
/// </summary>
internal sealed record BoostedModel(double[] Intercepts, IReadOnlyList<TreeSpec> Trees, int BestRound, double? ValidationLoss)
{
    public double Intercept => Intercepts[0];
}

/// <summary>
/// Gradient boosting of regression trees (<see cref="TreeGrower"/>) on binned features: each round fits a tree to the
/// loss's gradients and hessians and adds it, scaled by the learning rate. Row and feature subsampling draw from a
/// generator seeded with the model's seed; early stopping watches the loss on validation rows and keeps the best
/// round. The same inputs and seed give the same trees for any number of threads.
/// </summary>
internal static class GradientBoosting
{
    public static BoostedModel Train(FeatureBins train, double[] labels, BoostingObjective objective, TreeParameters p,
        FeatureBins? validation = null, double[]? validationLabels = null, Action<string>? progress = null, int classes = 1, CancellationToken cancel = default)
    {
        var n = train.Rows;
        var k = objective == BoostingObjective.Softmax ? classes : 1;
        var intercepts = InitialScores(labels, objective, k);
        var scores = Repeat(intercepts, n);
        var validationScores = validation is null ? null : Repeat(intercepts, validation.Rows);
        var gradients = new Vector128<double>[n];
        var packed = new long[n];
        using var workers = new Workers(p.Threads);
        var grower = new TreeGrower(train, p, workers);
        var random = new SplitMix64((ulong)p.Seed * 0x9E3779B97F4A7C15UL + 0x5EED);
        var rows = new int[n];
        var useFeature = new bool[train.Features];
        var trees = new List<TreeSpec>();
        var (bestRound, bestLoss, sinceBest) = (0, double.PositiveInfinity, 0);
        var probabilities = objective == BoostingObjective.Softmax ? new double[n * k] : null;
        var leafOf = new ushort[n];

        for (var round = 0; round < p.Trees; round++)
        {
            cancel.ThrowIfCancellationRequested();
            var count = SampleRows(rows, n, p.RowFraction, ref random);
            SampleFeatures(useFeature, p.FeatureFraction, ref random);
            if (probabilities is not null) Softmax(scores, probabilities, k, workers);
            for (var c = 0; c < k; c++)
            {
                var largest = Gradients(objective, labels, scores, probabilities, c, k, gradients, workers);
                var quantized = QuantizedGradients.Quantize(gradients, largest, random.Next(), packed, workers);
                var tree = grower.Grow(quantized, rows.AsSpan(0, count), useFeature, cancel);
                trees.Add(tree.Spec);
                if (count == n) AddLeafValues(tree, scores, c, k, leafOf, workers);
                else AddTree(tree, train, scores, c, k, workers);
                if (validation is not null) AddTree(tree, validation, validationScores!, c, k, workers);
            }

            if (validation is not null)
            {
                var loss = Loss(objective, validationLabels!, validationScores!, k);
                if (loss < bestLoss) (bestRound, bestLoss, sinceBest) = (round + 1, loss, 0);
                else if (++sinceBest >= p.EarlyStoppingRounds && p.EarlyStoppingRounds > 0) break;
            }
            if ((round + 1) % 25 == 0) progress?.Invoke($"{round + 1} of {p.Trees} rounds");
        }
        if (validation is null) bestRound = trees.Count / k;
        return new BoostedModel(intercepts, trees.Take(bestRound * k).ToArray(), bestRound, validation is null ? null : bestLoss);
    }

    private static double[] Repeat(double[] intercepts, int rows)
    {
        var scores = new double[rows * intercepts.Length];
        for (var r = 0; r < rows; r++) intercepts.CopyTo(scores, r * intercepts.Length);
        return scores;
    }

    private static double[] InitialScores(double[] labels, BoostingObjective objective, int classes)
    {
        if (objective != BoostingObjective.Softmax) return [InitialScore(labels, objective)];
        // Log of each class's share (softmax is unchanged by a constant, so these are the best constant scores).
        var counts = new double[classes];
        foreach (var y in labels) counts[(int)y]++;
        return counts.Select(c => Math.Log(Math.Max(c, 1e-12) / labels.Length)).ToArray();
    }

    /// <summary>Log-odds of the positive share, or the mean: the best constant score.</summary>
    private static double InitialScore(double[] labels, BoostingObjective objective)
    {
        var mean = labels.Average();
        if (objective == BoostingObjective.SquaredError) return mean;
        mean = Math.Clamp(mean, 1e-12, 1 - 1e-12);
        return Math.Log(mean / (1 - mean));
    }

    private static void Softmax(double[] scores, double[] probabilities, int k, Workers workers)
    {
        const int block = 1 << 14;
        var rows = scores.Length / k;
        workers.For(0, (rows + block - 1) / block, b =>
        {
            var end = Math.Min(rows, (b + 1) * block);
            for (var r = b * block; r < end; r++)
            {
                scores.AsSpan(r * k, k).CopyTo(probabilities.AsSpan(r * k, k));
                VectorMath.Softmax(probabilities.AsSpan(r * k, k));
            }
        });
    }

    /// <summary>Each row's (gradient, hessian) of the loss at its current score.</summary>
    /// <returns>The largest |gradient| and hessian, which quantizing scales by.</returns>
    private static Vector128<double> Gradients(BoostingObjective objective, double[] y, double[] scores, double[]? probabilities, int c, int k,
        Vector128<double>[] gradients, Workers workers)
    {
        const int block = 1 << 16;
        var largest = new Vector128<double>[(y.Length + block - 1) / block];
        workers.For(0, largest.Length, b =>
        {
            var end = Math.Min(y.Length, (b + 1) * block);
            var most = Vector128<double>.Zero;
            for (var i = b * block; i < end; i++)
            {
                switch (objective)
                {
                    case BoostingObjective.SquaredError:
                        gradients[i] = Vector128.Create(scores[i] - y[i], 1);
                        break;
                    case BoostingObjective.Softmax:
                        var pc = probabilities![i * k + c];
                        gradients[i] = Vector128.Create(pc - (y[i] == c ? 1 : 0), Math.Max(pc * (1 - pc), 1e-16));
                        break;
                    default:
                        var probability = 1 / (1 + Math.Exp(-scores[i]));
                        gradients[i] = Vector128.Create(probability - y[i], Math.Max(probability * (1 - probability), 1e-16));
                        break;
                }
                most = Vector128.Max(most, Vector128.Abs(gradients[i]));
            }
            largest[b] = most;
        });
        return largest.Aggregate(Vector128<double>.Zero, Vector128.Max);
    }

    private static double Loss(BoostingObjective objective, double[] y, double[] scores, int k)
    {
        var sum = 0.0;
        for (var i = 0; i < y.Length; i++)
        {
            switch (objective)
            {
                case BoostingObjective.SquaredError:
                    var e = scores[i] - y[i];
                    sum += e * e;
                    break;
                case BoostingObjective.Softmax:
                    var z = scores.AsSpan(i * k, k);
                    var max = double.NegativeInfinity;
                    foreach (var v in z) max = Math.Max(max, v);
                    var total = 0.0;
                    foreach (var v in z) total += Math.Exp(v - max);
                    sum += max + Math.Log(total) - z[(int)y[i]];
                    break;
                default:
                    // log(1 + e^s) − y·s, computed without overflow
                    var s = scores[i];
                    sum += (s > 0 ? s + Math.Log(1 + Math.Exp(-s)) : Math.Log(1 + Math.Exp(s))) - y[i] * s;
                    break;
            }
        }
        return sum / y.Length;
    }

    /// <summary>
    /// Adds a tree grown on every row to the rows' scores. Each leaf knows its rows: they note their leaf in a small array
    /// (scattered writes that stay in cache), then one pass in row order adds the values.
    /// </summary>
    private static void AddLeafValues(GrownTree tree, double[] scores, int c, int k, ushort[] leafOf, Workers workers)
    {
        // Leaves hold disjoint rows, so threads may note them at once.
        workers.For(0, tree.LeafRows.Length, leaf =>
        {
            var (start, length) = tree.LeafRows[leaf];
            foreach (var r in tree.Rows.AsSpan(start, length)) leafOf[r] = (ushort)leaf;
        });
        var values = tree.Spec.Leaves;
        const int block = 1 << 16;
        workers.For(0, (leafOf.Length + block - 1) / block, b =>
        {
            var end = Math.Min(leafOf.Length, (b + 1) * block);
            for (var r = b * block; r < end; r++) scores[r * k + c] += values[leafOf[r]];
        });
    }

    /// <summary>Adds a tree's leaf values to every row's score by routing its bins through the splits.</summary>
    private static void AddTree(GrownTree tree, FeatureBins data, double[] scores, int c, int k, Workers workers)
    {
        var spec = tree.Spec;
        const int block = 1 << 14;
        workers.For(0, (data.Rows + block - 1) / block, b =>
        {
            var end = Math.Min(data.Rows, (b + 1) * block);
            for (var r = b * block; r < end; r++)
            {
                var node = spec.Feature.Count == 0 ? ~0 : 0;
                while (node >= 0)
                {
                    var bin = data.Bins[spec.Feature[node]][r];
                    node = (bin == 0 ? spec.MissingLeft[node] : bin <= tree.SplitBins[node]) ? spec.Left[node] : spec.Right[node];
                }
                scores[r * k + c] += spec.Leaves[~node];
            }
        });
    }

    private static int SampleRows(int[] rows, int n, double fraction, ref SplitMix64 random)
    {
        var count = 0;
        for (var r = 0; r < n; r++)
            if (fraction >= 1 || random.NextUnit() < fraction) rows[count++] = r;
        return count;
    }

    private static void SampleFeatures(bool[] use, double fraction, ref SplitMix64 random)
    {
        if (fraction >= 1)
        {
            Array.Fill(use, true);
            return;
        }
        var order = Enumerable.Range(0, use.Length).ToArray();
        for (var i = order.Length - 1; i > 0; i--)
        {
            var j = (int)(random.Next() % (ulong)(i + 1));
            (order[i], order[j]) = (order[j], order[i]);
        }
        Array.Clear(use);
        var keep = Math.Max(1, (int)Math.Round(use.Length * fraction));
        for (var i = 0; i < keep; i++) use[order[i]] = true;
    }
}
