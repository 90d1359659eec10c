using System.Globalization;

namespace MLOps.Engine.Monitoring;

/// <summary>What a drift check looked at.</summary>
public enum DriftAspect { Distribution, MissingRate, Prediction }

/// <summary>
/// One test of the monitoring family: a column's distribution (or the model's predictions) or its missing rate,
/// reference against current, with its Holm-adjusted p-value and effect size. It drifts only when both say so.
/// </summary>
public sealed record DriftCheck(
    string Column, DriftAspect Aspect, string Test, double Statistic, double PValue, double AdjustedPValue,
    string EffectName, double Effect, double EffectThreshold, double? Wasserstein,
    double ReferenceMissingRate, double CurrentMissingRate,
    IReadOnlyList<string> NewCategories, IReadOnlyList<string> VanishedCategories, bool Drifted)
{
    /// <summary>A short reason, for reports and diagnostics.</summary>
    public string Explanation => Aspect == DriftAspect.MissingRate
        ? string.Create(CultureInfo.InvariantCulture, $"missing rate {MonitorText.Percent(ReferenceMissingRate)} → {MonitorText.Percent(CurrentMissingRate)} (p = {MonitorText.P(AdjustedPValue)} after Holm)")
        : string.Create(CultureInfo.InvariantCulture, $"{Test} p = {MonitorText.P(AdjustedPValue)} after Holm, {EffectName} {Effect:0.###} (threshold {EffectThreshold:0.###})");
}
