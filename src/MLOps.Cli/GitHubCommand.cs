using System.CommandLine;
using MLOps.Engine.Diagnostics;
using MLOps.Engine.Packages;
using MLOps.Engine.Reports;
using MLOps.GitHub;

namespace MLOps.Cli;

/// <summary>The exit codes of <c>mlops github</c> commands (docs/github.md): for report, the gate's verdict, not reporting's.</summary>
internal static class ReportExitCodes
{
    public const int Passed = 0;
    public const int Failed = 1;
    public const int Inconclusive = 2;
    public const int UsageError = 3;
    public const int ReportingFailed = 4;
    /// <summary>mlops itself failed (MLOPS9001, MLOPS9002): distinct from a failed gate and from a usage error.</summary>
    public const int Crashed = 5;
}

/// <summary><c>mlops github report|release|matrix|retrain-pr</c>: posts model builds and packages to GitHub.</summary>
internal static class GitHubCommand
{
    public static Command Create() => new("github", "Reports model builds to GitHub, publishes model packages as releases, lists models for a CI matrix, opens retraining pull requests.") { CreateReport(), CreateRelease(), GitHubMatrixCommand.Create(), GitHubRetrainCommand.Create() };

    /// <summary>
    /// Whether a parse result belongs to these commands, <c>mlops github</c> itself included (their usage errors exit
    /// with <see cref="ReportExitCodes.UsageError"/>, their failures with <see cref="ReportExitCodes.Crashed"/>).
    /// </summary>
    public static bool Owns(ParseResult parse)
    {
        for (var result = parse.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
            if (result.Command.Name == "github" && result.Parent is System.CommandLine.Parsing.CommandResult { Command: RootCommand }) return true;
        return false;
    }

    private static Command CreateReport()
    {
        var options = new GitHubOptions();
        var target = new Argument<string>("project-or-folder") { Description = "A model project (its last build's outputs are found through dotnet msbuild), or a folder of build outputs (<model>.gate.json, .metrics.json, .diagnostics.json, …)." };
        var strict = new Option<bool>("--strict") { Description = "A reporting failure fails the command too (exit 4), not only a warning." };
        var command = new Command("report", """
            Reports the last build of a model project to GitHub: a check run 'MLOps: <model>' with the verdict, a summary and
            annotations at the data files' lines, one sticky pull-request comment with a section per model, a commit status
            'mlops/<model>' when check runs cannot be written, and the job summary. Settings come from the GitHub Actions
            environment; every one can be given as an option. Exits with the gate's verdict: 0 passed, 1 failed, 2 only
            inconclusive or skipped gates, 3 usage error, 5 mlops failed; reporting failures are warnings unless --strict (then 4).
            Example: mlops github report Churn.mlproj
            """) { target, strict };
        foreach (var option in options.Connection.Concat(options.Run)) command.Options.Add(option);
        command.SetAction(async (parse, cancellation) =>
        {
            var diagnostics = new DiagnosticBag(int.MaxValue);
            var models = ReadOutputs(parse.GetValue(target)!, parse.GetValue(options.Configuration), diagnostics);
            var settings = options.Resolve(parse, diagnostics, needsCommit: true);
            if (models is null || settings is null) return Fail(diagnostics);

            var outcome = await new GitHubReporter(settings).ReportAsync(models).ConfigureAwait(false);
            Write(outcome);
            var verdict = OverallVerdict.Of(models.Select(m => m.Verdict)) switch
            {
                BuildVerdict.Failed => ReportExitCodes.Failed,
                BuildVerdict.Inconclusive => ReportExitCodes.Inconclusive,
                _ => ReportExitCodes.Passed,
            };
            foreach (var model in models) Console.Out.WriteLine(PullRequestSummary.Title(model));
            return parse.GetValue(strict) && verdict != ReportExitCodes.Failed && outcome.Warnings.Any(w => w.Severity == Severity.Warning) ? ReportExitCodes.ReportingFailed : verdict;
        });
        return command;
    }

    private static Command CreateRelease()
    {
        var options = new GitHubOptions();
        var target = new Argument<string>("package-project-or-folder") { Description = "A model package (.nupkg), a model project (its packed package), or a folder of packages." };
        var tag = GitHubOptions.Setting("--tag", "GITHUB_REF_NAME", "The tag whose release to create or update.", readHere: true);
        var properties = new Option<string[]>("--property", "-p") { Description = "Name=Value: an MSBuild property dotnet pack was given (e.g. -p:Version=1.2.0 from the tag), so the project's package is found under its real name." };
        var command = new Command("release", """
            Creates or updates the GitHub release of a tag with a model package, its model card (also the release notes)
            and its HTML report as assets; re-running replaces assets of the same name. Needs 'contents: write'.
            Exits with 0 when released, 1 when GitHub refused (a warning says why), 3 on a usage error, 5 when mlops failed.
            Example: mlops github release Churn.mlproj --tag v1.2.0 -p:Version=1.2.0
            """) { target, tag, properties };
        foreach (var option in options.Connection) command.Options.Add(option);
        command.SetAction(async (parse, cancellation) =>
        {
            var diagnostics = new DiagnosticBag(int.MaxValue);
            var packages = ReadPackages(parse.GetValue(target)!, parse.GetValue(options.Configuration), PropertiesOf(parse.GetValue(properties) ?? [], diagnostics), diagnostics);
            if (string.IsNullOrEmpty(parse.GetValue(tag)))
                diagnostics.Error(DiagnosticCodes.GitHubSettingMissing, "No tag: run on a tag push (GITHUB_REF_NAME) or pass --tag.");
            var settings = options.Resolve(parse, diagnostics, needsCommit: false);
            if (packages is null || settings is null || diagnostics.HasErrors) return Fail(diagnostics);

            var outcome = await new GitHubReporter(settings).ReleaseAsync(parse.GetValue(tag)!, packages).ConfigureAwait(false);
            Write(outcome);
            return outcome.Warnings.Any(w => w.Severity == Severity.Warning) ? ReportExitCodes.Failed : ReportExitCodes.Passed;
        });
        return command;
    }

    private static IReadOnlyList<BuildOutputs>? ReadOutputs(string path, string? configuration, DiagnosticBag diagnostics)
    {
        var full = Path.GetFullPath(path);
        IReadOnlyList<OutputPaths> paths = Directory.Exists(full) ? OutputPaths.InFolder(full)
            : File.Exists(full) && ProjectOutputs.Find(full, configuration, diagnostics) is { } project ? [project]
            : [];
        if (diagnostics.HasErrors) return null;
        var models = paths.Select(BuildOutputs.Read).Where(m => m.Exists).ToArray();
        if (models.Length > 0) return models;
        diagnostics.Error(DiagnosticCodes.BuildOutputsNotFound, File.Exists(full) || Directory.Exists(full)
            ? $"{path} has no build outputs to report (<model>.gate.json, .metrics.json or .diagnostics.json): build the project first, or download the outputs artifact."
            : $"{path} does not exist.", path);
        return null;
    }

    /// <summary>The Name=Value properties for msbuild; an error for one without a name.</summary>
    private static IReadOnlyList<string> PropertiesOf(string[] properties, DiagnosticBag diagnostics)
    {
        foreach (var property in properties.Where(p => p.IndexOf('=') <= 0))
            diagnostics.Error(DiagnosticCodes.GitHubSettingMissing, $"-p:{property} is not Name=Value: pass the properties dotnet pack was given, e.g. -p:Version=1.2.0.");
        return properties;
    }

    private static IReadOnlyList<ReleaseAssets>? ReadPackages(string path, string? configuration, IReadOnlyList<string> properties, DiagnosticBag diagnostics)
    {
        var full = Path.GetFullPath(path);
        string[] files = Directory.Exists(full) ? Directory.GetFiles(full, "*.nupkg").Where(f => !f.EndsWith(".symbols.nupkg", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToArray()
            : full.EndsWith(".nupkg", StringComparison.OrdinalIgnoreCase) ? [full]
            : File.Exists(full) && ProjectOutputs.Package(full, configuration ?? "Release", properties, diagnostics) is { } packed ? [packed] // dotnet pack packs Release
            : [];
        if (diagnostics.HasErrors) return null;
        var packages = new List<ReleaseAssets>();
        foreach (var file in files)
        {
            try
            {
                packages.Add(ReleaseAssets.From(file));
            }
            catch (Exception e) when (e is InvalidDataException or IOException)
            {
                diagnostics.Error(DiagnosticCodes.BuildOutputsNotFound, $"{file} is not a readable model package: {e.Message} Run dotnet pack first.", file);
            }
        }
        if (packages.Count == 0 && !diagnostics.HasErrors)
            diagnostics.Error(DiagnosticCodes.BuildOutputsNotFound, $"{path} has no model package to release: run dotnet pack first.", path);
        return diagnostics.HasErrors ? null : packages;
    }

    private static void Write(ReportOutcome outcome)
    {
        foreach (var message in outcome.Messages) Console.Error.WriteLine(message);
        foreach (var warning in outcome.Warnings) Console.Error.WriteLine(warning);
    }

    private static int Fail(DiagnosticBag diagnostics)
    {
        Output.Report(diagnostics);
        return ReportExitCodes.UsageError;
    }
}
