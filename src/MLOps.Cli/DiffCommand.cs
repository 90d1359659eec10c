using System.CommandLine;
using System.Globalization;
using MLOps.Engine.Diagnostics;
using MLOps.Engine.Gates;
using MLOps.Engine.Registry;
using Spectre.Console;

namespace MLOps.Cli;

/// <summary><c>mlops diff</c>: two model versions compared, metrics with the gates' paired tests on one evaluation set.</summary>
internal static class DiffCommand
{
    public static Command Create()
    {
        var a = new Argument<string>("a") { Description = "The reference model. " + ModelReference.Description };
        var b = new Argument<string>("b") { Description = "The model compared with it (the candidate)." };
        var source = new Option<string?>("--source", "-s") { Description = "The feed for <package-id>@<version> references." };
        var data = new Option<string?>("--data") { Description = "The shared evaluation set (CSV with the label column; default: B's evaluation data as its lineage names it, relative to the current directory, or to B's project when B is a project)." };
        var json = RegistryOptions.Json();
        var command = new Command("diff", $"""
            Compares two models: changes to inputs (data hashes), trainer, parameters, seed and engine version; the
            contract (breaking changes, added inputs); and metrics, re-scoring both models on one evaluation set with the
            gates' paired one-sided tests (DeLong, McNemar, paired t or bootstrap, Holm-adjusted, 95%): B is
            "significantly worse" on a metric when the test rejects that B is at least as good as A.
            Exit code 0: B is not significantly worse on any metric; {ExitCodes.SignificantlyWorse}: it is; 1: a model or the data could not be read.
            Example: mlops diff Contoso.Models.Churn@production Contoso.Models.Churn@1.3.0 --source ./feed --data data/test.csv
            Production against the last build of the project in the current folder (nothing is built): mlops diff Contoso.Models.Churn@production . --source ./feed
            """) { a, b, source, data, json };
        command.SetAction(async (parse, cancel) =>
        {
            var diagnostics = new DiagnosticBag(int.MaxValue);
            var first = await ModelReference.LoadAsync(parse.GetValue(a)!, parse.GetValue(source), diagnostics, cancel);
            var second = await ModelReference.LoadAsync(parse.GetValue(b)!, parse.GetValue(source), diagnostics, cancel);
            if (first is null || second is null) return Output.Report(diagnostics);
            var evaluation = parse.GetValue(data) is { } file ? Output.Files([file])[0] : ModelComparison.EvaluationSetOf(second, Environment.CurrentDirectory);
            if (evaluation is null)
            {
                diagnostics.Error(DiagnosticCodes.InvalidCommandLine, $"{second.Id} {second.Version}'s evaluation data is not in the current directory: pass the shared evaluation set with --data.");
                return Output.Report(diagnostics);
            }
            if (ModelComparison.Compare(first, second, evaluation, diagnostics, cancel) is not { } diff) return Output.Report(diagnostics);
            if (parse.GetValue(json)) RegistryOptions.WriteJson(new { diff.A, diff.B, diff.Changes, diff.BreakingChanges, diff.AddedInputs, diff.EvaluationData, diff.Rows, diff.Metrics, diff.SignificantlyWorse });
            else Show(diff);
            var exitCode = Output.Report(diagnostics);
            return exitCode == ExitCodes.Success && diff.SignificantlyWorse ? ExitCodes.SignificantlyWorse : exitCode;
        });
        return command;
    }

    private static void Show(ModelDiff diff)
    {
        if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = 240; // a log or a pipe: no terminal to wrap for
        Console.Out.WriteLine($"A: {diff.A}\nB: {diff.B}");
        var changes = new Table().AddColumns("what changed", "A", "B");
        foreach (var change in diff.Changes) changes.AddRow(Markup.Escape(change.What), Markup.Escape(Short(change.Before)), Markup.Escape(Short(change.After)));
        foreach (var breaking in diff.BreakingChanges) changes.AddRow("contract (breaking)", "", Markup.Escape(breaking));
        foreach (var added in diff.AddedInputs) changes.AddRow("input added", "", Markup.Escape(added));
        if (changes.Rows.Count == 0) changes.AddRow("nothing", "", "");
        AnsiConsole.Write(changes);
        Console.Out.WriteLine($"Metrics on {diff.EvaluationData} ({diff.Rows} rows), paired one-sided tests at 95%:");
        var metrics = new Table().AddColumns("metric", "A", "B", "B − A", "test", "p (adjusted)", "B is");
        foreach (var m in diff.Metrics)
            metrics.AddRow(Markup.Escape(m.Metric), Number(m.Baseline), Number(m.Candidate), Number(m.Difference), Markup.Escape(m.Test ?? "-"), Number(m.AdjustedPValue),
                m.Outcome == GateOutcome.Failed ? "significantly worse" : m.Outcome == GateOutcome.Passed ? "not worse" : Markup.Escape(m.Outcome.ToString().ToLowerInvariant()));
        AnsiConsole.Write(metrics);
        Console.Out.WriteLine(diff.SignificantlyWorse
            ? $"{diff.B} is significantly worse than {diff.A} on {string.Join(", ", diff.Metrics.Where(m => m.Outcome == GateOutcome.Failed).Select(m => m.Metric))}."
            : $"{diff.B} is not significantly worse than {diff.A}.");
    }

    private static string Number(double? value) => value is { } v ? v.ToString("0.0000", CultureInfo.InvariantCulture) : "-";

    private static string Short(string? value) => value is null ? "(none)" : value.Length == 64 ? value[..12] : value;
}
