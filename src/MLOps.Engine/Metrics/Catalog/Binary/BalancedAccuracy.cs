namespace MLOps.Engine.Metrics.Catalog.Binary;

/// <summary>Mean of recall and specificity.</summary>
public sealed class BalancedAccuracy() : ConfusionMetric("balanced_accuracy")
{
    public override double Read(BinaryMetrics.Confusion confusion) => confusion.BalancedAccuracy;
}
