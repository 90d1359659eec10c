namespace MLOps.Engine.Metrics.Catalog.Multiclass;

/// <summary>Unweighted mean of the classes' F1.</summary>
public sealed class MacroF1() : F1Metric("macro_f1", headline: true)
{
    public override double Read((double Macro, double Micro, double Weighted) f1) => f1.Macro;
}
