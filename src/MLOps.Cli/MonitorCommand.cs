using System.CommandLine;
using System.Globalization;
using MLOps.Engine.Data;
using MLOps.Engine.Diagnostics;
using MLOps.Engine.Monitoring;

namespace MLOps.Cli;

/// <summary><c>mlops monitor</c>: drift and performance of a released model on current data, against the reference profile in its package.</summary>
internal static class MonitorCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("model") { Description = ModelReference.Description + " Also a .model.json with its <ModelName>.profile.json beside it, or a reference .profile.json alone (then the current data must be profiles)." };
        var current = new Argument<string[]>("current") { Description = "The current data: CSV files (with the model's input columns), a prediction log (a folder or .jsonl files), or scoring profiles (.profile.json files or a folder of them).", Arity = ArgumentArity.OneOrMore };
        var labels = new Option<string?>("--labels") { Description = "A CSV file of labels that arrived later: the --key column and the model's label column." };
        var key = new Option<string?>("--key") { Description = "The correlation key joining labels to rows: a column of the CSV data, the 'key' of a prediction log." };
        var chunk = new Option<string?>("--chunk") { Description = "Also report per chunk: rows (e.g. 10000) or a time span of the scoring time (1d, 6h, 30m, 1w; CSV data needs a 'time' column)." };
        var output = new Option<string?>("--output", "-o") { Description = "The folder for the reports (monitor.md, monitor.html, monitor.json; default: the current folder)." };
        var source = RegistryOptions.Source();
        source.Required = false;
        var alpha = new Option<double>("--alpha") { Description = "Family-wise significance level of the drift checks and the performance tests.", DefaultValueFactory = _ => 0.05 };
        var maxDecrease = new Option<double>("--max-decrease") { Description = "Largest drop of a metric that is not a degradation (absolute; relative for RMSE).", DefaultValueFactory = _ => 0.02 };
        var json = RegistryOptions.Json();
        var command = new Command("monitor", """
            Compares current data with the reference profile a model package carries (the evaluation data's bins and the
            model's predictions on it): data drift per input (binned Kolmogorov-Smirnov with PSI, chi-square with
            Jensen-Shannon, missing rates, new categories), prediction drift, all Holm-adjusted together with an effect-size
            threshold; performance without labels (CBPE, binary classifiers) with a confidence band and the assumptions it
            rests on; and with --labels, the realized metrics against the package's. Writes monitor.md, monitor.html and
            monitor.json. Exit code 0: healthy; 6: drift; 7: performance degraded; 1: errors (unreadable data or package);
            2: the command line is not valid.
            Example: mlops monitor Contoso.Models.Churn.1.4.0.nupkg logs/ --labels outcomes.csv --key order_id --chunk 1d -o monitor/
            """) { model, current, labels, key, chunk, output, source, alpha, maxDecrease, json };
        command.SetAction(async (parse, cancel) =>
        {
            ChunkBy? chunkBy = null;
            if (parse.GetValue(chunk) is { } text && (chunkBy = ChunkBy.Parse(text, out var error)) is null) return Output.UsageErrors([error!]);
            if ((parse.GetValue(labels) is null) != (parse.GetValue(key) is null)) return Output.UsageErrors(["--labels and --key go together: the labels file and the column that joins it to the rows."]);
            if (parse.GetValue(alpha) is not (> 0 and < 1) || parse.GetValue(maxDecrease) < 0) return Output.UsageErrors(["--alpha must be between 0 and 1 and --max-decrease at least 0."]);
            var diagnostics = new DiagnosticBag(int.MaxValue);
            var reference = await LoadAsync(parse.GetValue(model)!, parse.GetValue(source), diagnostics, cancel);
            if (reference is null) return Output.Report(diagnostics);
            var request = new CurrentRequest(Output.Files(parse.GetValue(current)), chunkBy,
                parse.GetValue(labels) is { } l ? new LabelJoin(Output.Files([l])[0], parse.GetValue(key)!) : null);
            var settings = new MonitorSettings { Alpha = parse.GetValue(alpha), MaxDecrease = parse.GetValue(maxDecrease) };
            // Ctrl+C ends Run with OperationCanceledException before any report is written: Program reports it (Interrupt).
            var result = MonitorService.Run(new MonitorInputs(reference.Profile, reference.Model, request, settings), diagnostics, cancel);
            if (result is null) return Output.Report(diagnostics);
            var folder = Path.GetFullPath(parse.GetValue(output) ?? ".");
            var files = MonitorService.WriteReports(result, folder);
            MonitorService.Report(result, diagnostics, file: null);
            if (parse.GetValue(json)) Console.Out.Write(MonitorJson.Render(result));
            else
            {
                Console.Out.WriteLine(MonitorText.Headline(result));
                foreach (var file in files) Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {Path.GetRelativePath(Environment.CurrentDirectory, file)}"));
            }
            var exit = Output.Report(diagnostics);
            return exit != ExitCodes.Success ? exit : result.Verdict switch
            {
                MonitorVerdict.Degraded => ExitCodes.Degraded,
                MonitorVerdict.Drift => ExitCodes.Drift,
                _ => ExitCodes.Success,
            };
        });
        return command;
    }

    /// <summary>The reference profile and (unless only a profile was given) the model, or null with an error.</summary>
    private static async Task<ReferenceModel?> LoadAsync(string reference, string? source, DiagnosticBag diagnostics, CancellationToken cancel)
    {
        var path = Path.GetFullPath(reference);
        if (MonitorSources.IsModelFile(path)) return MonitorSources.FromModelFile(path, reference, diagnostics);
        return await ModelReference.LoadAsync(reference, source, diagnostics, cancel) is { } package
            ? MonitorSources.FromPackage(package, Directory.Exists(path) ? path : null, reference, diagnostics) : null;
    }
}
