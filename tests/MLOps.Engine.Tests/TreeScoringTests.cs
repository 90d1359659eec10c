using MLOps.Runtime;
using Xunit;

namespace MLOps.Engine.Tests;

/// <summary>
/// Batch scoring (feature by feature through every tree at once, 32 or 4 rows to a register) against the walk from
/// root to leaf, on random trees: missing values sent either way, thresholds shared between trees, one-leaf trees,
/// multiclass, features with too many thresholds for byte ranks, and trees too large for 64 leaf bits.
/// </summary>
public class TreeScoringTests
{
    private const int Features = 6;

    /// <summary>A random tree with the given number of leaves; thresholds from a small set, so trees share them and rows hit them exactly.</summary>
    private static TreeSpec RandomTree(Random random, int leaves, bool manyThresholds = false)
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
            feature.Add(random.Next(Features));
            threshold.Add(manyThresholds ? Math.Round(random.NextDouble() * 6 - 3, 4) : random.Next(-4, 5) * 0.5);
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

    private static Model Ensemble(IReadOnlyList<TreeSpec> trees, int classes) => new(new ModelDocument
    {
        Format = ModelFormat.FormatName, FormatVersion = 1, Name = "t", Task = classes > 1 ? "MulticlassClassification" : "Regression",
        Label = new LabelSpec("y", classes > 1 ? InputTypes.Category : InputTypes.Number, classes > 1 ? Enumerable.Range(0, classes).Select(c => $"c{c}").ToArray() : []),
        Inputs = Enumerable.Range(0, Features).Select(i => new InputSpec { Name = $"f{i}", Type = InputTypes.Number, Encoding = InputTypes.RawEncoding }).ToArray(),
        Predictor = new PredictorSpec(PredictorKinds.Trees, classes > 1 ? Links.Softmax : Links.Identity, 0.25, []) { Trees = trees, Intercepts = classes > 1 ? new double[classes] : null },
        Training = new TrainingInfo("GradientBoostedTrees", new Dictionary<string, string>(), 0, "test", "", 0),
    });

    [Theory]
    [InlineData(1, 40, 31, false)]
    [InlineData(3, 30, 64, false)]
    [InlineData(1, 100, 40, true)] // over 255 distinct thresholds on a feature: too many for byte ranks, QuickScorer scores
    [InlineData(1, 10, 90, false)] // more leaves than the batch scorers' bits: the walk scores the batch too
    public void Batch_scores_equal_the_walk_bit_for_bit(int classes, int trees, int maxLeaves, bool manyThresholds)
    {
        var random = new Random(classes * 1000 + maxLeaves);
        var model = Ensemble(Enumerable.Range(0, trees).Select(t => RandomTree(random, t % 7 == 0 ? 1 : random.Next(2, maxLeaves + 1), manyThresholds)).ToArray(), classes);
        const int Rows = 1003; // not a multiple of the lanes
        var matrix = new double[Rows * Features];
        for (var i = 0; i < matrix.Length; i++)
            matrix[i] = random.Next(10) switch { 0 => double.NaN, 1 => random.Next(-4, 5) * 0.5, _ => random.NextDouble() * 6 - 3 };
        var batch = new double[Rows * classes];
        model.ScoreFeaturesBatch(matrix, batch);
        var single = new double[classes];
        for (var r = 0; r < Rows; r++)
        {
            var features = matrix.AsSpan(r * Features, Features);
            if (classes > 1) model.ScoreFeaturesClasses(features, single);
            else single[0] = model.ScoreFeatures(features);
            Assert.Equal(single, batch.AsSpan(r * classes, classes).ToArray());
        }
    }
}
