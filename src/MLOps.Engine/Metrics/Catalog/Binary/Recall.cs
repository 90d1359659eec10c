namespace MLOps.Engine.Metrics.Catalog.Binary;

/// <summary>Share of positive rows predicted positive.</summary>
public sealed class Recall() : ConfusionMetric("recall")
{
    public override double Read(BinaryMetrics.Confusion confusion) => confusion.Recall;
}
