using MLOps.Engine.Vocabulary;

namespace MLOps.Engine.Metrics.Catalog.Multiclass;

/// <summary>Unweighted mean over classes of the AUC of each class against the rest; undefined when a class has no rows.</summary>
public sealed class MacroAucOneVsRest() : Metric("macro_auc_ovr", ModelTask.MulticlassClassification, MetricDirection.HigherIsBetter)
{
    public override double Compute(EvaluationScores scores) => MulticlassMetrics.MacroAucOneVsRest(scores.ClassLabels, scores.Scores, scores.Classes);

    public override PairedMetric? Paired(double[] labels, double[] better, double[] worse) =>
        new OneVsRest(labels, better, worse, better.Length / Math.Max(1, labels.Length));
}
