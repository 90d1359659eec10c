namespace MLOps.Engine.Metrics.Catalog.Multiclass;

/// <summary>Mean of the classes' F1 weighted by their rows.</summary>
public sealed class WeightedF1() : F1Metric("weighted_f1")
{
    public override double Read((double Macro, double Micro, double Weighted) f1) => f1.Weighted;
}
