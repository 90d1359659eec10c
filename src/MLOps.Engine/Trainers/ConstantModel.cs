using MLOps.Engine.Learners;
using MLOps.Runtime;

namespace MLOps.Engine.Trainers;

/// <summary>
/// Notices a trained model that gives every row the same score, which evaluates as a coin toss or the base rate and
/// looks like a bug in the data, and says why and what to change.
/// </summary>
internal static class ConstantModel
{
    /// <summary>What to tell the user when <paramref name="predictor"/> ignores every input, or null when it does not.</summary>
    public static string? Explain(string trainer, PredictorSpec predictor, TrainerParameters parameters, int trainingRows)
    {
        if (predictor.Kind == PredictorKinds.Trees)
        {
            var trees = predictor.Trees!;
            if (trees.Any(tree => tree.Feature.Count > 0)) return null;
            var minLeafRows = (int)parameters["MinLeafRows"];
            var cause = trainingRows < 2 * minLeafRows
                ? $"its {trainingRows:N0} training rows are fewer than a split needs, 2 × MinLeafRows ({minLeafRows})"
                : "no split of any input lowered the loss by enough";
            return $"The trained model predicts the same value for every row: none of its {trees.Count} trees has a split, because {cause}. " +
                $"Lower MinLeafRows (<TrainerParameter Include=\"MinLeafRows\" Value=\"{Math.Max(1, trainingRows / 10)}\" />), train on more rows, or check that the inputs relate to the label.";
        }
        if (predictor.Kind == PredictorKinds.Linear && predictor.Weights.All(w => w == 0))
            return $"The trained model predicts the same value for every row: every weight of {trainer} is 0. Lower L2, or check that the inputs vary and relate to the label.";
        return null;
    }
}
