using System.Text;
using MLOps.Engine.Diagnostics;
using MLOps.Engine.Gates;
using MLOps.Engine.Packages;
using MLOps.Runtime;

namespace MLOps.Engine.Reports;

/// <summary>
/// The model card packed with a model (<c>models/&lt;ModelName&gt;.card.md</c>, also the package's readme): what it
/// predicts, from what data, how well, on which slices, how fair, what it is for and what it is not, and where it
/// came from.
/// </summary>
public static class ModelCard
{
    public static string Render(ModelDocument model, MetricsFile? metrics, GateResult? gates, Lineage lineage, string? intendedUse, string? limitations)
    {
        using var invariant = InvariantCultureScope.Enter();
        var text = new StringBuilder();
        text.AppendLine($"# {model.Name} {lineage.Version}").AppendLine();
        var positive = model.Label.Classes.Count == 2 ? $" (positive class `{model.Label.Classes[1]}`)" : "";
        var trained = model.Training.TrainedBy is null ? $"trained by **{model.Training.Trainer}** on {model.Training.TrainingRows:N0} rows"
            : $"**{model.Training.Trainer}**, {MarkdownReport.NotTrainedHere(model.Training)}";
        text.AppendLine($"A **{model.Task}** model predicting `{model.Label.Name}`{positive}, {trained}. Package `{lineage.PackageId}` {lineage.Version}; score it with MLOps.Runtime.").AppendLine();

        text.AppendLine("## Intended use").AppendLine().AppendLine(intendedUse is { Length: > 0 } use ? use : "Not stated. Set `ModelIntendedUse` in the model project.").AppendLine();
        text.AppendLine("## Limitations").AppendLine().AppendLine(limitations is { Length: > 0 } limits ? limits : "Not stated. Set `ModelLimitations` in the model project.").AppendLine();

        text.AppendLine("## Data").AppendLine();
        foreach (var input in lineage.Inputs)
            text.AppendLine($"- {input.Role}: `{input.Path}` (SHA-256 `{input.Sha256[..12]}…`)");
        text.AppendLine().AppendLine($"Inputs ({model.Inputs.Count}): {string.Join(", ", model.Inputs.Select(i => $"`{i.Name}` ({i.Type})"))}.").AppendLine();

        if (metrics is not null)
        {
            var source = metrics.HeldOut ? $"{metrics.Rows:N0} rows held out from the training data" : $"{metrics.Rows:N0} evaluation rows ({string.Join(", ", metrics.EvaluationData.Select(f => $"`{f}`"))})";
            text.AppendLine("## Metrics").AppendLine().AppendLine($"On {source}:").AppendLine();
            text.AppendLine("| metric | value |").AppendLine("| --- | ---: |");
            foreach (var (name, value) in metrics.Metrics)
                text.AppendLine($"| {name} | {MetricsFile.Format(value)}{MarkdownReport.Why(metrics, name)} |");
            text.AppendLine();
        }
        if (gates is not null)
        {
            GateSection.Append(text, gates);
            var slices = gates.Gates.Where(g => g.Slice is not null).Select(g => g.Slice!.Split('=')[0]).Distinct().ToArray();
            var fairness = gates.Gates.Where(g => g.Rule == "fairness").ToArray();
            if (slices.Length > 0) text.AppendLine($"Slices checked: {string.Join(", ", slices.Select(s => $"`{s}`"))} (every gate per slice, above).").AppendLine();
            if (fairness.Length > 0) text.AppendLine($"Fairness: {string.Join("; ", fairness.Select(f => $"{f.Metric} {f.Candidate:0.0000} ({f.Outcome.ToString().ToLowerInvariant()})"))}.").AppendLine();
        }
        else text.AppendLine("## Gates").AppendLine().AppendLine("No gate result: the model was packed without gates.").AppendLine();

        text.AppendLine("## Provenance").AppendLine();
        text.AppendLine($"- trainer {lineage.Trainer}, seed {lineage.Seed}, parameters {string.Join(", ", lineage.Parameters.Select(p => $"{p.Key}={p.Value}"))}");
        text.AppendLine($"- MLOps.Build engine {lineage.EngineVersion}, training fingerprint `{lineage.Fingerprint[..12]}`");
        text.AppendLine(lineage.Git is { } git ? $"- git commit `{git.Commit}`{(git.Dirty ? " with uncommitted changes" : "")}" : "- not built from a git repository");
        if (lineage.GateOverride is { } o) text.AppendLine($"- failed gates{(o.Gates is null ? "" : $" on {string.Join(", ", o.Gates)}")} passed on purpose by {o.Who} at {o.At}: {o.Reason}");
        text.AppendLine($"- every file's SHA-256 is in `models/{model.Name}.lineage.json`; check a package with `mlops verify <package>.nupkg`");
        return text.ToString();
    }
}
