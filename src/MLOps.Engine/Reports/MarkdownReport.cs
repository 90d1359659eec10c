using System.Text;
using MLOps.Engine.Diagnostics;
using MLOps.Runtime;

namespace MLOps.Engine.Reports;

/// <summary>The short Markdown report (<c>ModelReportPath</c>): what was trained on what, and how well it does.</summary>
public static class MarkdownReport
{
    public static string Render(ModelDocument model, MetricsFile metrics, IReadOnlyList<string> trainingData, Gates.GateResult? gates = null, IReadOnlyList<DriftReport>? drift = null)
    {
        using var invariant = InvariantCultureScope.Enter();
        var text = new StringBuilder();
        text.AppendLine($"# Model report: {model.Name}").AppendLine();
        if (gates is not null) GateSection.Append(text, gates);
        text.AppendLine($"A **{model.Task}** model predicting `{model.Label.Name}` {(metrics.PositiveClass is { } positive ? $" (positive class `{positive}`)" : "")}, trained by **{model.Training.Trainer}**.").AppendLine();
        text.AppendLine("## Evaluation").AppendLine();
        var source = metrics.HeldOut
            ? $"{metrics.Rows:N0} rows held out from the training data ({Data.HoldOut.Share:P0}, seed {model.Training.Seed})"
            : $"{metrics.Rows:N0} rows of {string.Join(", ", metrics.EvaluationData.Select(f => $"`{f}`"))}";
        text.AppendLine($"On {source}:").AppendLine();
        text.AppendLine("| metric | value |").AppendLine("| --- | ---: |");
        foreach (var (name, value) in metrics.Metrics) text.AppendLine($"| {name} | {MetricsFile.Format(value)}{Why(metrics, name)} |");
        text.AppendLine();
        foreach (var report in drift ?? []) ValidationReport.AppendDrift(text, report);
        text.AppendLine("## Training").AppendLine();
        text.AppendLine(model.Training.TrainedBy is null
            ? $"- data: {string.Join(", ", trainingData.Select(f => $"`{f}`"))}, {model.Training.TrainingRows:N0} rows"
            : $"- {NotTrainedHere(model.Training)}");
        text.AppendLine($"- inputs ({model.Inputs.Count}): {string.Join(", ", model.Inputs.Select(i => $"`{i.Name}` ({i.Type})"))}");
        text.AppendLine($"- parameters: {string.Join(", ", model.Training.Parameters.Select(p => $"{p.Key}={p.Value}"))}; seed {model.Training.Seed}");
        text.AppendLine($"- engine {model.Training.EngineVersion}, fingerprint `{model.Training.Fingerprint[..12]}`");
        return text.ToString();
    }

    /// <summary>
    /// What the report and the model card say of a <c>PretrainedModel</c> instead of "0 rows": an ML.NET .zip does not
    /// record the rows it was trained on; an MLOps model file does, and those rows were another build's.
    /// </summary>
    public static string NotTrainedHere(TrainingInfo training) => "not trained by this build: a pretrained model (PretrainedModel), " +
        (training.TrainingRows > 0 ? $"trained elsewhere on {training.TrainingRows:N0} rows" : "so no training rows");

    /// <summary>Why a metric is undefined, for its table cell; empty when it is defined.</summary>
    internal static string Why(MetricsFile metrics, string metric) => metrics.Undefined?.GetValueOrDefault(metric) is { } reason ? $": {reason}" : "";
}
