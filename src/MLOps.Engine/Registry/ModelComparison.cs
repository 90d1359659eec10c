using MLOps.Engine.Vocabulary;
using System.Globalization;
using MLOps.Engine.Data;
using MLOps.Engine.Diagnostics;
using MLOps.Engine.Gates;
using MLOps.Engine.Metrics;
using MLOps.Engine.Packages;
using MLOps.Engine.Pipeline;

namespace MLOps.Engine.Registry;

/// <summary>What <c>mlops diff</c> found between model A and model B.</summary>
public sealed record ModelDiff(
    string A,
    string B,
    IReadOnlyList<LineageChange> Changes,
    IReadOnlyList<string> BreakingChanges,
    IReadOnlyList<string> AddedInputs,
    string? EvaluationData,
    int Rows,
    IReadOnlyList<GateVerdict> Metrics)
{
    /// <summary>B is significantly worse than A on at least one metric (its non-inferiority test with no margin failed).</summary>
    public bool SignificantlyWorse => Metrics.Any(m => m.Outcome == GateOutcome.Failed);
}

/// <summary>
/// Compares two model packages: what changed in their inputs, parameters and contract, and their metrics on one shared
/// evaluation set, each tested as the gates test a candidate against its baseline (paired, one-sided, Holm-adjusted):
/// B "significantly worse" means B's non-inferiority to A with no margin is rejected.
/// </summary>
public static class ModelComparison
{
    /// <summary>The comparison, or null with errors (no model in a package, data that breaks a contract, no label column).</summary>
    public static ModelDiff? Compare(PublishedModel a, PublishedModel b, DataFile data, DiagnosticBag diagnostics, CancellationToken cancel = default)
    {
        if (new[] { a, b }.FirstOrDefault(p => MLNetScoredModels.Is(p.Model)) is { } mlnet)
        {
            MLNetScoredModels.Refuse(DiagnosticCodes.DiffMLNetModel, mlnet.Model!, "mlops diff scores the evaluation data with both models through MLOps.Runtime only (the tool does not carry Microsoft.ML)",
                "mlops history shows each version's metrics as its build measured them; to compare two models on one evaluation set, score it in an app with MLOps.Runtime.MLNet.", diagnostics);
            return null;
        }
        if (a.LoadModel() is not { } modelA || b.LoadModel() is not { } modelB)
        {
            diagnostics.Error(DiagnosticCodes.NotAModelPackage, $"{(a.Model is null ? Name(a) : Name(b))} holds no readable models/*.model.json.");
            return null;
        }
        var breaking = Compatibility.BreakingChanges(a.Model!, b.Model!);
        var added = b.Model!.Inputs.Select(i => i.Name).Except(a.Model!.Inputs.Select(i => i.Name)).ToArray();
        if (b.Lineage.Task != a.Lineage.Task || !ModelTasks.TryParse(b.Lineage.Task, out var task))
        {
            diagnostics.Error(DiagnosticCodes.NotAModelPackage, $"{Name(a)} ({a.Lineage.Task}) and {Name(b)} ({b.Lineage.Task}) are not models of one task: their metrics do not compare.");
            return null;
        }
        var label = b.Model.Label;
        var labels = new List<double>();
        var scoresA = new List<double>();
        var scoresB = new List<double>();
        var probabilities = new double[Math.Max(modelA.ClassCount, modelB.ClassCount)];
        var labelIndex = -1;
        var badLabel = false;
        var rows = BatchScoring.ForEachRow(modelB, data, diagnostics, (row, fields) =>
        {
            if (labelIndex < 0 && (labelIndex = fields.IndexOf(label.Name)) < 0) { badLabel = true; return; }
            if (badLabel) return;
            var text = fields[labelIndex];
            double value = task switch
            {
                ModelTask.BinaryClassification => string.Equals(text, label.Classes[1], StringComparison.Ordinal) ? 1 : string.Equals(text, label.Classes[0], StringComparison.Ordinal) ? 0 : double.NaN,
                ModelTask.MulticlassClassification => label.Classes.ToList().IndexOf(text) is var i and >= 0 ? i : double.NaN,
                _ => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var target) ? target : double.NaN,
            };
            if (double.IsNaN(value))
            {
                var (line, column) = fields.Locate(labelIndex);
                diagnostics.Error(DiagnosticCodes.ScoringInputMismatch, $"'{text}' in the label column '{label.Name}' is not {(task == ModelTask.Regression ? "a number" : $"one of the model's classes ({string.Join(", ", label.Classes)})")}.", data.DisplayPath, line, column);
                badLabel = true;
                return;
            }
            labels.Add(value);
            Score(modelB, row, scoresB, probabilities);
        }, cancel);
        if (labelIndex < 0 && rows is not null) diagnostics.Error(DiagnosticCodes.ScoringInputMismatch, $"The data has no label column '{label.Name}': it cannot evaluate the models.", data.DisplayPath, 1);
        if (rows is null || badLabel || labelIndex < 0) return null;
        if (BatchScoring.ForEachRow(modelA, data, diagnostics, (row, _) => Score(modelA, row, scoresA, probabilities), cancel) is null) return null;
        var gates = MetricRegistry.All(task).Where(m => m.Compared).Select(m => new GateDefinition(m.Name, null, null, 0, false, ModelDefaults.GateConfidence, null)).ToArray();
        var verdicts = GateEvaluator.Evaluate(task, gates, [.. labels], [.. scoresB], [.. scoresA], new GateSettings() { Cancel = cancel }, data.DisplayPath, diagnostics);
        return new ModelDiff(Name(a), Name(b), LineageChanges.Between(a.Lineage, b.Lineage), breaking, added, data.DisplayPath, labels.Count, verdicts);
    }

    /// <summary>
    /// The evaluation set B's lineage names, resolved against its project's folder when B is a last build, else against
    /// <paramref name="directory"/> (a checkout of its repository); null when it names none there.
    /// </summary>
    public static DataFile? EvaluationSetOf(PublishedModel b, string directory) =>
        (b.ProjectDirectory ?? directory) is var root && b.Lineage.Inputs.FirstOrDefault(i => i.Role == "evaluation data") is { } input && File.Exists(Path.GetFullPath(input.Path, root))
            ? DataFile.Resolve(root, input.Path)
            : null;

    private static void Score(Runtime.Model model, Runtime.ModelRow row, List<double> scores, double[] probabilities)
    {
        if (model.ClassCount == 1)
        {
            scores.Add(model.Score(row));
            return;
        }
        var span = probabilities.AsSpan(0, model.ClassCount);
        model.ScoreClasses(row, span);
        foreach (var p in span) scores.Add(p);
    }

    private static string Name(PublishedModel model) => $"{model.Id} {model.Version}";
}
