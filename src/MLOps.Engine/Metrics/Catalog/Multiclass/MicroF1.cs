namespace MLOps.Engine.Metrics.Catalog.Multiclass;

/// <summary>F1 of all rows pooled (equal to accuracy when each row has one class).</summary>
public sealed class MicroF1() : F1Metric("micro_f1")
{
    public override double Read((double Macro, double Micro, double Weighted) f1) => f1.Micro;
}
