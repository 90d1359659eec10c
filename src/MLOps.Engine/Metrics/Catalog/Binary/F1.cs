namespace MLOps.Engine.Metrics.Catalog.Binary;

/// <summary>Harmonic mean of precision and recall.</summary>
public sealed class F1() : ConfusionMetric("f1")
{
    public override double Read(BinaryMetrics.Confusion confusion) => confusion.F1;
}
