using MLOps.Runtime;
using Xunit;

namespace MLOps.Engine.Tests;

/// <summary>
/// Batch scoring (through every tree at once, 64, 32 or 4 rows to a register) against the walk from root to leaf, on
/// random trees: missing values sent either way, thresholds shared between trees, one-leaf trees, multiclass, rows with
/// fewer than eight features or a number not a multiple of eight, blocks without a missing value, features with too
/// many thresholds for byte ranks, and trees too large for 64 leaf bits.
/// </summary>
public class TreeScoringTests
{
    /// <summary>A random tree with the given number of leaves; thresholds from a small set, so trees share them and rows hit them exactly.</summary>
    private static TreeSpec RandomTree(Random random, int features, int leaves, int thresholds)
    {
        var (feature, threshold, missingLeft, left, right) = (new List<int>(), new List<double>(), new List<bool>(), new List<int>(), new List<int>());
        var values = new List<double>();
        int Grow(int leavesHere)
        {
            if (leavesHere == 1)
            {
                values.Add(Math.Round(random.NextDouble() * 2 - 1, 3));
                return ~(values.Count - 1);
            }
            var node = feature.Count;
            feature.Add(random.Next(features));
            threshold.Add(Threshold(random, thresholds));
            missingLeft.Add(random.Next(2) == 0);
            left.Add(0);
            right.Add(0);
            var toLeft = random.Next(1, leavesHere);
            left[node] = Grow(toLeft);
            right[node] = Grow(leavesHere - toLeft);
            return node;
        }
        Grow(leaves);
        return new TreeSpec(feature, threshold, missingLeft, left, right, values);
    }

    /// <summary>One of <paramref name="thresholds"/> values evenly spread over [−3, 3).</summary>
    private static double Threshold(Random random, int thresholds) => -3 + 6.0 * random.Next(thresholds) / thresholds;

    private static Model Ensemble(IReadOnlyList<TreeSpec> trees, int classes, int features) => new(new ModelDocument
    {
        Format = ModelFormat.FormatName, FormatVersion = 1, Name = "t", Task = classes > 1 ? "MulticlassClassification" : "Regression",
        Label = new LabelSpec("y", classes > 1 ? InputTypes.Category : InputTypes.Number, classes > 1 ? Enumerable.Range(0, classes).Select(c => $"c{c}").ToArray() : []),
        Inputs = Enumerable.Range(0, features).Select(i => new InputSpec { Name = $"f{i}", Type = InputTypes.Number, Encoding = InputTypes.RawEncoding }).ToArray(),
        Predictor = new PredictorSpec(PredictorKinds.Trees, classes > 1 ? Links.Softmax : Links.Identity, 0.25, []) { Trees = trees, Intercepts = classes > 1 ? new double[classes] : null },
        Training = new TrainingInfo("GradientBoostedTrees", new Dictionary<string, string>(), 0, "test", "", 0),
    });

    /// <summary>(classes, features, trees, most leaves, distinct thresholds, share of missing values) that the byte-sliced scorers take.</summary>
    public static TheoryData<int, int, int, int, int, double> SlicedCases => new()
    {
        { 1, 6, 40, 31, 9, 0.1 },
        { 1, 11, 40, 31, 9, 0.1 },      // rows turned column-wise eight features at a time, the last eight overlapping
        { 1, 16, 60, 64, 9, 0.0 },      // no missing value anywhere
        { 1, 19, 60, 20, 9, 0.001 },    // most blocks without a missing value, some with
        { 3, 6, 30, 64, 9, 0.1 },
        { 1, 6, 60, 40, 200, 0.05 },    // between 128 and 255 distinct thresholds on a feature: ranks counted in runs of 16, not 8
        { 1, 3, 100, 64, 255, 0.05 },   // up to 255 thresholds on a feature: every run of 16, the last one ending in +∞
    };

    [Theory]
    [MemberData(nameof(SlicedCases))]
    [InlineData(1, 6, 100, 40, 100_000, 0.1)] // over 255 distinct thresholds on a feature: too many for byte ranks, QuickScorer scores
    [InlineData(1, 6, 10, 90, 9, 0.1)]       // more leaves than the batch scorers' bits: the walk scores the batch too
    public void Batch_scores_equal_the_walk_bit_for_bit(int classes, int features, int trees, int maxLeaves, int thresholds, double missing)
    {
        var (model, matrix) = RandomCase(classes, features, trees, maxLeaves, thresholds, missing);
        var rows = matrix.Length / features;
        var batch = new double[rows * classes];
        model.ScoreFeaturesBatch(matrix, batch);
        var single = new double[classes];
        for (var r = 0; r < rows; r++)
        {
            var row = matrix.AsSpan(r * features, features);
            if (classes > 1) model.ScoreFeaturesClasses(row, single);
            else single[0] = model.ScoreFeatures(row);
            Assert.Equal(single, batch.AsSpan(r * classes, classes).ToArray());
        }
    }

    [Fact]
    public void Batch_scoring_allocates_nothing_once_warm()
    {
        var (model, matrix) = RandomCase(1, 11, 40, 31, 9, 0.1);
        var batch = new double[matrix.Length / 11];
        model.ScoreFeaturesBatch(matrix, batch); // compiled and the pools filled before counting

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 20; i++) model.ScoreFeaturesBatch(matrix, batch);

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    /// <summary>
    /// A model picks one batch scorer for the processor it runs on; this runs each one this processor can (on an AVX-512
    /// machine all three, so the AVX2 path that GitHub's runners take is checked here too) and compares their sums.
    /// </summary>
    [Theory]
    [MemberData(nameof(SlicedCases))]
    public void Every_batch_scorer_the_processor_runs_gives_the_same_sums(int classes, int features, int trees, int maxLeaves, int thresholds, double missing)
    {
        var (model, matrix) = RandomCase(classes, features, trees, maxLeaves, thresholds, missing);
        var specs = model.Document.Predictor.Trees!;
        var sliced = SlicedTrees.TryCreate(specs, features)!;
        var scorers = new[] { Avx512SlicedScorer.TryCreate(sliced), Avx2SlicedScorer.TryCreate(sliced), QuickScorer.TryCreate(specs, features) }
            .OfType<IBatchScorer>().ToArray();
        Assert.Contains(scorers, s => s is QuickScorer);
        var expected = Sums(scorers[^1]);
        foreach (var scorer in scorers) Assert.True(expected.SequenceEqual(Sums(scorer)), $"{scorer.GetType().Name} differs from {nameof(QuickScorer)}.");

        double[] Sums(IBatchScorer scorer)
        {
            var sums = new double[matrix.Length / features * classes];
            scorer.SumBatch(matrix, features, sums, classes);
            return sums;
        }
    }

    /// <summary>Random trees and 1,003 rows (not a multiple of the lanes) with some values on thresholds and some missing.</summary>
    private static (Model Model, double[] Matrix) RandomCase(int classes, int features, int trees, int maxLeaves, int thresholds, double missing)
    {
        var random = new Random(classes * 1000 + maxLeaves + features);
        var model = Ensemble(Enumerable.Range(0, trees).Select(t => RandomTree(random, features, t % 7 == 0 ? 1 : random.Next(2, maxLeaves + 1), thresholds)).ToArray(), classes, features);
        const int Rows = 1003;
        var matrix = new double[Rows * features];
        for (var i = 0; i < matrix.Length; i++)
            matrix[i] = random.NextDouble() < missing ? double.NaN : random.Next(9) == 0 ? Threshold(random, thresholds) : random.NextDouble() * 6 - 3;
        return (model, matrix);
    }
}
