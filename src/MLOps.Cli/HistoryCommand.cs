using System.CommandLine;
using System.Globalization;
using MLOps.Engine.Diagnostics;
using MLOps.Engine.Metrics;
using MLOps.Engine.Registry;
using Spectre.Console;

namespace MLOps.Cli;

/// <summary><c>mlops history</c>: every published version of a model package, with its evidence.</summary>
internal static class HistoryCommand
{
    public static Command Create()
    {
        var id = new Argument<string>("package-id") { Description = "The model package's id." };
        var source = RegistryOptions.Source();
        var metric = new Option<string?>("--metric", "-m") { Description = "Also show this metric's trend across versions (e.g. auc) as a line of Unicode blocks." };
        var json = RegistryOptions.Json();
        var command = new Command("history", """
            Lists every published version of a model package on a feed, oldest first: when it was built (when the package
            records it), the commit, the training data's SHA-256, key metrics, the gate verdict, any override (who, why),
            and the SemVer reason (the bump and what changed since the previous version). Exit code 0: listed; 1: the feed
            failed or has no version of the package.
            Example: mlops history Contoso.Models.Churn --source https://nuget.example.com/v3/index.json --metric auc
            """) { id, source, metric, json };
        command.SetAction(async (parse, cancel) =>
        {
            var diagnostics = new DiagnosticBag(int.MaxValue);
            var packageId = parse.GetValue(id)!;
            if (RegistryOptions.Open(parse.GetValue(source)!, diagnostics) is not { } feed) return Output.Report(diagnostics);
            var history = await RegistryOptions.Feed($"Reading {packageId} from {feed.Name}", async () => (IReadOnlyList<HistoryEntry>?)await ModelHistory.ReadAsync(feed, packageId, cancel), diagnostics);
            if (history is { Count: 0 }) diagnostics.Error(DiagnosticCodes.RegistryPackageNotFound, $"{feed.Name} has no model package {packageId}.");
            if (history is null || diagnostics.HasErrors) return Output.Report(diagnostics);
            var trend = parse.GetValue(metric) is { } name ? Trend.Of(history.Select(h => h.Metrics.GetValueOrDefault(name)).ToArray()) : null;
            if (parse.GetValue(json))
                RegistryOptions.WriteJson(new { packageId, feed = feed.Name, versions = history, metric = parse.GetValue(metric), trend });
            else
                Show(packageId, history, parse.GetValue(metric), trend);
            return Output.Report(diagnostics);
        });
        return command;
    }

    private static void Show(string packageId, IReadOnlyList<HistoryEntry> history, string? metric, string? trend)
    {
        var shown = MetricRegistry.Headlines().Where(m => history.Any(h => h.Metrics.ContainsKey(m))).Take(3).ToList();
        if (metric is not null && !shown.Contains(metric)) shown.Insert(0, metric);
        var table = new Table().Title(Markup.Escape(packageId)).AddColumns("version", "built", "commit", "data");
        foreach (var m in shown) table.AddColumn(new TableColumn(Markup.Escape(m)).RightAligned());
        table.AddColumns("verdict", "override", "SemVer reason");
        foreach (var entry in history)
        {
            string[] cells =
            [
                entry.Version, entry.BuiltAt ?? "-", Short(entry.Commit), Short(entry.DataSha256),
                .. shown.Select(m => entry.Metrics.TryGetValue(m, out var v) && v is { } value ? value.ToString("0.0000", CultureInfo.InvariantCulture) : "-"),
                entry.Verdict, entry.Override is { } o ? $"{o.Who}: {o.Reason}" : "-", entry.SemVerReason,
            ];
            table.AddRow(cells.Select(Markup.Escape).ToArray());
        }
        if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = 240; // a log or a pipe: no terminal to wrap for
        AnsiConsole.Write(table);
        if (trend is not null) Console.Out.WriteLine($"{metric}: {trend}");
    }

    private static string Short(string? hash) => hash is null ? "-" : hash[..Math.Min(12, hash.Length)];
}
