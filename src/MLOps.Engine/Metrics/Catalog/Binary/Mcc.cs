namespace MLOps.Engine.Metrics.Catalog.Binary;

/// <summary>Matthews correlation coefficient, from −1 to 1 (0 when a margin of the table is empty).</summary>
public sealed class Mcc() : ConfusionMetric("mcc", range: MetricRange.Correlation)
{
    public override double Read(BinaryMetrics.Confusion confusion) => confusion.Mcc;
}
