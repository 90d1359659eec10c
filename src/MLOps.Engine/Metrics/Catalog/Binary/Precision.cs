namespace MLOps.Engine.Metrics.Catalog.Binary;

/// <summary>Share of rows predicted positive that are positive (0 when none is predicted positive).</summary>
public sealed class Precision() : ConfusionMetric("precision")
{
    public override double Read(BinaryMetrics.Confusion confusion) => confusion.Precision;
}
