using System.CommandLine;
using MLOps.Engine.Diagnostics;
using MLOps.Engine.Registry;
using Spectre.Console;

namespace MLOps.Cli;

/// <summary><c>mlops status</c>: per model, whether its last build is current and why not, its last verdict, and whether its baseline moved.</summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var target = new Argument<string>("project-solution-or-folder") { Description = "A model project, a solution (.sln, .slnx), or a folder searched for model projects.", DefaultValueFactory = _ => "." };
        var configuration = new Option<string?>("--configuration", "-c") { Description = "The configuration the projects are built in (default: the project's)." };
        var json = RegistryOptions.Json();
        var command = new Command("status", """
            Evaluates the model projects (nothing is built or written) and says per model whether its last build is up to
            date or stale, and why: which data file changed (with its SHA-256), which setting or TrainerParameter changed
            (old → new), a new engine, outputs missing or edited since the build, or never built. Also the last gate
            verdict and, for a baseline package (BaselinePackageId), whether the feed now gives another version than the
            one last gated against. Exit code 0: every model is up to date; 5: some are stale; 1: an error.
            Example: mlops status Models.sln
            """) { target, configuration, json };
        command.SetAction(async (parse, cancel) =>
        {
            var diagnostics = new DiagnosticBag(int.MaxValue);
            var path = Path.GetFullPath(parse.GetValue(target)!);
            var statuses = new List<ModelStatus>();
            foreach (var project in ModelProjects.Find(path, diagnostics))
                if (ProjectSpec.Read(project, parse.GetValue(configuration), diagnostics, cancel) is { } spec)
                    statuses.Add(await ModelStatus.CheckAsync(spec, diagnostics, cancel));
            if (statuses.Count == 0 && !diagnostics.HasErrors)
                diagnostics.Error(DiagnosticCodes.NoModelProjects, $"{path} holds no model project (a .mlproj, or a project with TrainingData).", path);
            if (parse.GetValue(json))
                RegistryOptions.WriteJson(new { models = statuses.Select(Json) });
            else if (statuses.Count > 0)
                Show(statuses);
            return Output.Report(diagnostics) is var exit && exit != ExitCodes.Success ? exit
                : statuses.All(s => s.Current) ? ExitCodes.Success : ExitCodes.Stale;
        });
        return command;
    }

    private static object Json(ModelStatus s) => new
    {
        model = s.Model,
        project = Shown(s.ProjectFile),
        status = s.Current ? "current" : "stale",
        reasons = s.Reasons,
        built = s.Built,
        verdict = Verdict(s),
        overridden = s.Overridden,
        baseline = s.BaselinePackageId is { } id ? new { packageId = id, gated = s.GatedBaseline, latest = s.LatestBaseline, moved = s.BaselineMoved } : null,
    };

    private static void Show(IReadOnlyList<ModelStatus> statuses)
    {
        var table = new Table().AddColumns("model", "status", "why", "last verdict", "baseline");
        foreach (var s in statuses)
            table.AddRow(
                new Markup($"{Markup.Escape(s.Model)}\n[grey]{Markup.Escape(Shown(s.ProjectFile))}[/]"),
                new Markup(s.Current ? "[green]up to date[/]" : "[yellow]stale[/]"),
                new Text(s.Current ? "-" : string.Join("\n", s.Reasons)),
                new Text(Verdict(s) is { } verdict ? verdict + (s.Overridden ? " (overridden)" : "") : "never gated"),
                new Text(Baseline(s)));
        if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = 240; // a log or a pipe: no terminal to wrap for
        AnsiConsole.Write(table);
        var stale = statuses.Count(s => !s.Current);
        Console.Out.WriteLine(stale == 0 ? $"{statuses.Count} model(s) up to date." : $"{stale} of {statuses.Count} model(s) stale: dotnet build to bring them up to date.");
    }

    private static string? Verdict(ModelStatus s) => s.Verdict?.ToString().ToLowerInvariant();

    private static string Baseline(ModelStatus s) => s.BaselinePackageId is not { } id ? "-"
        : s.BaselineMoved ? $"{id} {s.GatedBaseline} → {s.LatestBaseline} (moved)"
        : $"{id} {s.GatedBaseline ?? s.LatestBaseline ?? "?"}";

    private static string Shown(string path) => Path.GetRelativePath(Environment.CurrentDirectory, path).Replace('\\', '/');
}
