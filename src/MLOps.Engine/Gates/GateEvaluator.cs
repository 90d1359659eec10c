using System.Globalization;
using MLOps.Engine.Diagnostics;
using MLOps.Engine.Metrics;
using MLOps.Engine.Statistics;
using MLOps.Engine.Vocabulary;

namespace MLOps.Engine.Gates;

/// <summary>How p-values of the baseline gates of one model are adjusted together.</summary>
public static class Corrections
{
    public const string Holm = ModelDefaults.GateCorrection;
    public const string BenjaminiHochberg = "BenjaminiHochberg";
    public const string None = "None";
    public static readonly IReadOnlyList<string> All = [Holm, BenjaminiHochberg, None];
}

/// <summary>Settings of a gate evaluation that are not per gate.</summary>
public sealed record GateSettings(string Correction = ModelDefaults.GateCorrection, int Resamples = ModelDefaults.GateResamples, int Seed = ModelDefaults.Seed)
{
    /// <summary>Stops the bootstrap (Ctrl+C) with an <see cref="OperationCanceledException"/>.</summary>
    public CancellationToken Cancel { get; init; }
}

/// <summary>
/// Decides gates on one set of evaluation rows scored by the candidate and (optionally) the baseline.
/// Comparisons work on the improvement, (candidate − baseline) for metrics where higher is better and
/// (baseline − candidate) where lower is better. A MustImprove gate passes when the improvement is significantly
/// above 0; a MaxDecrease gate fails only when the improvement is significantly below −MaxDecrease, so noise
/// never blocks a merge. p-values of all baseline gates of a model are adjusted together (Holm by default) and
/// compared with 1 − Confidence.
/// </summary>
public static class GateEvaluator
{
    /// <summary>
    /// A test's result on the improvement. The bound is a function of the one-sided level α because it is only known
    /// after all p-values of the model are adjusted together: it is drawn at the level that decided the verdict.
    /// </summary>
    private sealed record Comparison(double Improvement, Func<double, double> BoundAt, double PValue, string Test);

    /// <summary>
    /// Verdicts for binary classification: <paramref name="labels"/> 0/1, scores are positive-class probabilities.
    /// Every gate is decided on all rows and on each slice; a slice with fewer rows than its minimum is
    /// inconclusive, never passed. All comparisons with the baseline are adjusted together.
    /// </summary>
    public static IReadOnlyList<GateVerdict> EvaluateBinary(IReadOnlyList<GateDefinition> gates, double[] labels, double[] candidate, double[]? baseline,
        GateSettings settings, string projectFile, DiagnosticBag diagnostics, IReadOnlyList<EvaluationSlice>? slices = null) =>
        Evaluate(ModelTask.BinaryClassification, gates, labels, candidate, baseline, settings, projectFile, diagnostics, slices);

    /// <summary>
    /// Verdicts for a model of <paramref name="task"/>: binary classification (labels 0/1, positive-class
    /// probabilities) or regression (targets, predictions). As <see cref="EvaluateBinary"/> otherwise.
    /// <paramref name="candidateMetrics"/>: the candidate's metrics on all rows when the build computed them already.
    /// </summary>
    public static IReadOnlyList<GateVerdict> Evaluate(ModelTask task, IReadOnlyList<GateDefinition> gates, double[] labels, double[] candidate, double[]? baseline,
        GateSettings settings, string projectFile, DiagnosticBag diagnostics, IReadOnlyList<EvaluationSlice>? slices = null, IReadOnlyDictionary<string, double>? candidateMetrics = null)
    {
        var verdicts = new List<GateVerdict>();
        var pending = new List<Pending>();
        Collect(task, gates, null, labels, candidate, baseline, settings, projectFile, diagnostics, verdicts, pending, candidateMetrics);
        foreach (var slice in slices ?? [])
        {
            if (slice.Rows.Length < slice.MinimumRows)
            {
                foreach (var gate in gates)
                    verdicts.Add(new GateVerdict
                    {
                        Gate = gate.Describe(), Slice = slice.Name, Rows = slice.Rows.Length, Metric = gate.Metric, Rule = gate.ComparesWithBaseline ? "non-inferiority" : "minimum",
                        Candidate = double.NaN, Outcome = GateOutcome.Inconclusive,
                        Explanation = $"slice {slice.Name} has {slice.Rows.Length} rows, fewer than its MinimumRows {slice.MinimumRows}: too few to decide",
                    });
                continue;
            }
            // Scores hold one value per row, or (multiclass) one probability per class per row.
            double[] Pick(double[] values)
            {
                var width = values.Length / labels.Length;
                return slice.Rows.SelectMany(i => values.AsSpan(i * width, width).ToArray()).ToArray();
            }
            Collect(task, gates, slice, Pick(labels), Pick(candidate), baseline is null ? null : Pick(baseline), settings, projectFile, diagnostics, verdicts, pending);
        }
        verdicts.AddRange(Decide(pending, settings));
        return verdicts;
    }

    private sealed record Pending(GateDefinition Gate, Metric Metric, string Rule, Comparison Comparison, EvaluationSlice? Slice, double Candidate, double Baseline);

    private static void Collect(ModelTask task, IReadOnlyList<GateDefinition> gates, EvaluationSlice? slice, double[] labels, double[] candidate, double[]? baseline,
        GateSettings settings, string projectFile, DiagnosticBag diagnostics, List<GateVerdict> verdicts, List<Pending> pending, IReadOnlyDictionary<string, double>? known = null)
    {
        // Only the gated metrics, each once (several gates may read one metric).
        var candidateScores = new EvaluationScores(labels, candidate) { Known = known };
        var baselineScores = baseline is null ? null : new EvaluationScores(labels, baseline);
        foreach (var gate in gates)
        {
            if (MetricRegistry.Find(task, gate.Metric) is not { } metric)
            {
                diagnostics.Error(DiagnosticCodes.UnknownGateMetric, GateDefinition.UnknownMetric(gate.Metric, task), projectFile);
                continue;
            }
            var value = candidateScores.Value(metric);
            verdicts.AddRange(AbsoluteVerdicts(gate, value).Select(v => v with { Slice = slice?.Name, Rows = labels.Length }));
            if (!gate.ComparesWithBaseline) continue;
            var rule = gate.MustImprove ? "superiority" : "non-inferiority";
            if (baseline is null)
            {
                if (slice is null) verdicts.Add(Skipped(gate, rule, value, "no baseline model is set (BaselineModelPath or BaselinePackageId), so there is nothing to compare with"));
                continue;
            }
            var baselineValue = baselineScores!.Value(metric);
            if (!double.IsFinite(value) || !double.IsFinite(baselineValue))
            {
                // No test can compare an undefined metric: never passed, never a crash.
                verdicts.Add(new GateVerdict
                {
                    Gate = gate.Describe(), Slice = slice?.Name, Rows = labels.Length, Metric = gate.Metric, Rule = rule,
                    Candidate = value, Baseline = baselineValue, Outcome = GateOutcome.Inconclusive,
                    Explanation = $"{gate.Metric} is undefined for the {(double.IsFinite(value) ? "baseline" : "candidate")} on the evaluation data (e.g. one class only), so it cannot be compared",
                });
                continue;
            }
            var rules = gate.MustImprove && gate.MaxDecrease is not null
                ? new[] { ("superiority", gate), ("non-inferiority", gate with { MustImprove = false }) }
                : [(rule, gate)];
            foreach (var (r, g) in rules)
            {
                var comparison = Compare(metric, g, r, labels, candidate, baseline, settings, projectFile, diagnostics);
                if (comparison is not null) pending.Add(new Pending(g, metric, r, comparison, slice, value, baselineValue));
            }
        }
    }

    private static IEnumerable<GateVerdict> AbsoluteVerdicts(GateDefinition gate, double value)
    {
        if (gate.Minimum is { } minimum)
            yield return Absolute(gate, "minimum", value, value >= minimum, $"must be at least {F(minimum)}");
        if (gate.Maximum is { } maximum)
            yield return Absolute(gate, "maximum", value, value <= maximum, $"must be at most {F(maximum)}");
    }

    private static GateVerdict Absolute(GateDefinition gate, string rule, double value, bool holds, string requirement) => new()
    {
        Gate = gate.Describe(),
        Metric = gate.Metric,
        Rule = rule,
        Candidate = value,
        Outcome = double.IsNaN(value) ? GateOutcome.Inconclusive : holds ? GateOutcome.Passed : GateOutcome.Failed,
        Explanation = double.IsNaN(value)
            ? $"{gate.Metric} is undefined on the evaluation data (e.g. one class only)"
            : $"{gate.Metric} is {F(value)}; it {requirement}",
    };

    private static GateVerdict Skipped(GateDefinition gate, string rule, double value, string why) => new()
    {
        Gate = gate.Describe(), Metric = gate.Metric, Rule = rule, Candidate = value, Outcome = GateOutcome.Skipped, Explanation = $"skipped: {why}",
    };

    private static Comparison? Compare(Metric metric, GateDefinition gate, string rule, double[] labels, double[] candidate, double[] baseline,
        GateSettings settings, string projectFile, DiagnosticBag diagnostics)
    {
        // Superiority: H1 "improvement > 0", p from the upper tail, bound = lower confidence bound.
        // Non-inferiority: H1 "improvement < −margin" (a real degradation), p from the lower tail, bound = upper confidence bound.
        var superiority = rule == "superiority";
        var threshold = superiority ? 0 : -gate.MaxDecrease!.Value;
        var test = ComparisonTests.Parse(gate.Test) ?? metric.DefaultTest(superiority);
        var (better, worse) = metric.HigherIsBetter ? (candidate, baseline) : (baseline, candidate);
        var paired = test == ComparisonTest.Bootstrap ? metric.Paired(labels, better, worse) : null;
        var rows = metric as RowMeanMetric; // McNemar, t and Wilcoxon test per-row improvements
        var fits = test switch
        {
            ComparisonTest.Bootstrap => paired is not null,
            ComparisonTest.DeLong => metric.Supports(test, superiority),
            _ => rows is not null && metric.Supports(test, superiority),
        };
        if (!fits)
        {
            diagnostics.Error(DiagnosticCodes.InvalidGate,
                $"ModelGate '{gate.Metric}' asks for Test=\"{test.Name()}\", which does not test {gate.Metric} {rule}. DeLong tests auc, McNemar tests accuracy superiority, t and Wilcoxon test accuracy, log_loss, brier, mse and mae; bootstrap tests every other metric.",
                projectFile);
            return null;
        }

        switch (test)
        {
            case ComparisonTest.DeLong:
            {
                var delong = PairedTests.DeLong(labels, candidate, baseline);
                var se = Math.Sqrt(delong.VarianceOfDifference);
                var improvement = delong.AucA - delong.AucB;
                var z = se > 0 ? (improvement - threshold) / se : improvement > threshold ? double.PositiveInfinity : improvement < threshold ? double.NegativeInfinity : 0;
                var p = superiority ? SpecialFunctions.NormalSurvival(z) : SpecialFunctions.NormalCdf(z);
                return new Comparison(improvement, a => improvement + (superiority ? -1 : 1) * SpecialFunctions.NormalQuantile(1 - a) * se, p, $"DeLong z = {F(z)}");
            }
            case ComparisonTest.McNemar:
            {
                // The rows where one model's per-row value (1 right, 0 wrong) beats the other's.
                var d = rows!.RowImprovements(labels, candidate, baseline);
                long onlyCandidate = d.Count(x => x > 0), onlyBaseline = d.Count(x => x < 0);
                var n = onlyCandidate + onlyBaseline;
                var p = n == 0 ? 1 : SpecialFunctions.BinomialCdf(onlyBaseline, n, 0.5); // P(at least this many candidate-only wins | no difference)
                var t = PerRow(d, threshold, superiority);
                return t with { PValue = p, Test = $"McNemar exact: {onlyCandidate} rows right only by the candidate, {onlyBaseline} only by the baseline" };
            }
            case ComparisonTest.T:
                return PerRow(rows!.RowImprovements(labels, candidate, baseline), threshold, superiority);
            case ComparisonTest.Wilcoxon:
            {
                var d = rows!.RowImprovements(labels, candidate, baseline);
                var w = PairedTests.WilcoxonGreater(d.Select(x => superiority ? x - threshold : threshold - x).ToArray());
                return PerRow(d, threshold, superiority) with { PValue = w.PValue, Test = $"Wilcoxon signed-rank, W = {F(w.Statistic)}" };
            }
            default:
            {
                var bootstrap = PairedBootstrap.Run(paired!, labels.Length, settings.Resamples, settings.Seed, settings.Cancel);
                var atOrBelow = bootstrap.ShareAtOrBelow(threshold) * settings.Resamples;
                var beyond = superiority ? atOrBelow : settings.Resamples - bootstrap.ShareAtOrBelow(Math.BitDecrement(threshold)) * settings.Resamples;
                return new Comparison(bootstrap.Observed, a => bootstrap.Quantile(superiority ? a : 1 - a), (beyond + 1) / (settings.Resamples + 1), $"paired bootstrap, {settings.Resamples} resamples, BCa");
            }
        }
    }

    /// <summary>Paired t on per-row improvements <paramref name="d"/>, whose mean is the metric's improvement.</summary>
    private static Comparison PerRow(double[] d, double threshold, bool superiority)
    {
        var n = d.Length;
        var mean = d.Average();
        var se = Math.Sqrt(d.Sum(x => (x - mean) * (x - mean)) / (n - 1) / n);
        var t = se > 0 ? (mean - threshold) / se : mean > threshold ? double.PositiveInfinity : mean < threshold ? double.NegativeInfinity : 0;
        var towardsAlternative = superiority ? t : -t; // each tail computed directly, never as 1 − the other
        var p = double.IsFinite(towardsAlternative) ? SpecialFunctions.StudentTSurvival(towardsAlternative, n - 1) : towardsAlternative > 0 ? 0 : 1;
        return new Comparison(mean, a => mean + (superiority ? -1 : 1) * SpecialFunctions.StudentTQuantileUpper(a, n - 1) * se, p, $"paired t = {F(t)}, {n - 1} df");
    }

    private static IEnumerable<GateVerdict> Decide(List<Pending> pending, GateSettings settings)
    {
        var p = pending.Select(x => x.Comparison.PValue).ToArray();
        var adjusted = settings.Correction switch
        {
            Corrections.Holm => MultipleTesting.Holm(p),
            Corrections.BenjaminiHochberg => MultipleTesting.BenjaminiHochberg(p),
            _ => p,
        };
        for (var k = 0; k < pending.Count; k++)
        {
            var (gate, metric, rule, c, slice, candidateValue, baselineValue) = pending[k];
            var sign = metric.HigherIsBetter ? 1 : -1;
            var alpha = 1 - gate.Confidence;
            var significant = adjusted[k] < alpha;
            // The bound at the level the gate's own p-value was compared with, so it crosses the margin exactly when
            // the adjusted verdict says so (docs/gates.md).
            var boundAlpha = alpha * MultipleTesting.LevelShare(p[k], adjusted[k], pending.Count);
            var superiority = rule == "superiority";
            var passed = superiority ? significant : !significant;
            var difference = sign * c.Improvement;
            var bound = sign * c.BoundAt(boundAlpha);
            var better = sign > 0 ? "above" : "below";
            var worse = sign > 0 ? "below" : "above";
            var side = superiority == (sign > 0) ? "lower" : "upper";
            var finding = superiority
                ? significant ? $"significantly {better} the baseline's" : $"not significantly {better} the baseline's, as MustImprove requires"
                : significant ? $"significantly more than {F(gate.MaxDecrease!.Value)} {worse} the baseline's (MaxDecrease)" : $"not significantly more than {F(gate.MaxDecrease!.Value)} {worse} the baseline's";
            var adjustedText = settings.Correction == Corrections.None || pending.Count == 1 ? "" : $", {settings.Correction}-adjusted {P(adjusted[k])} over {pending.Count} baseline gates";
            var where = slice is null ? "" : $" on slice {slice.Name}";
            yield return new GateVerdict
            {
                Gate = gate.Describe(),
                Slice = slice?.Name,
                Rows = slice?.Rows.Length,
                Metric = gate.Metric,
                Rule = rule,
                Candidate = candidateValue,
                Baseline = baselineValue,
                Difference = difference,
                Bound = bound,
                Confidence = gate.Confidence,
                BoundConfidence = 1 - boundAlpha,
                MaxDecrease = superiority ? null : gate.MaxDecrease,
                Test = c.Test,
                PValue = c.PValue,
                AdjustedPValue = adjusted[k],
                Outcome = passed ? GateOutcome.Passed : GateOutcome.Failed,
                Explanation =
                    $"{gate.Metric} {rule}{where}: candidate {F(candidateValue)}, baseline {F(baselineValue)}, difference {Signed(difference)} " +
                    $"({Percent(1 - boundAlpha)} {side} bound {Signed(bound)}): {finding}. {c.Test}, p = {P(c.PValue)}{adjustedText}, α = {F(alpha)}: {(passed ? "passes" : "fails")}.",
            };
        }
    }

    private static string Percent(double confidence) => (confidence * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%";
    private static string F(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);
    private static string Signed(double value) => value.ToString("+0.####;-0.####;0", CultureInfo.InvariantCulture);
    private static string P(double p) => p < 1e-4 ? p.ToString("0.##e+0", CultureInfo.InvariantCulture) : p.ToString("0.####", CultureInfo.InvariantCulture);
}
