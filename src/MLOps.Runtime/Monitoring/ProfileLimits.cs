namespace MLOps.Runtime.Monitoring;

/// <summary>The bounds that keep a profile to a few KB per column.</summary>
public static class ProfileLimits
{
    /// <summary>Most bins of a number column or a regression's predictions (quantile bins of the reference data).</summary>
    public const int Bins = 20;
    /// <summary>Most category values counted one by one; the rest count as other.</summary>
    public const int Categories = 50;
    /// <summary>Equal-width bins of a predicted probability on [0, 1].</summary>
    public const int ProbabilityBins = 20;
}
