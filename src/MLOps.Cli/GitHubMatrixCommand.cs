using System.CommandLine;
using System.Text.Json;
using MLOps.Engine.Diagnostics;
using MLOps.Engine.Packages;
using MLOps.Engine.Pipeline;

namespace MLOps.Cli;

/// <summary><c>mlops github matrix</c>: the model projects of a solution or folder as a JSON matrix for <c>strategy.matrix</c>.</summary>
internal static class GitHubMatrixCommand
{
    public static Command Create()
    {
        var target = new Argument<string>("solution-or-folder") { Description = "A solution (.sln, .slnx) or a folder searched for model projects.", DefaultValueFactory = _ => "." };
        var changed = new Option<bool>("--changed") { Description = "Only models whose inputs (project folder, data, contract, baseline, shared build settings) changed since --base." };
        var baseRef = GitHubOptions.Setting("--base", "GITHUB_BASE_REF", "The branch or commit to compare with (a branch only on the remote is found as origin/<branch>); default main.");
        var command = new Command("matrix", """
            Prints the model projects as a JSON matrix, {"include":[{"project":"…","model":"…"}]}, for a workflow's
            strategy.matrix, so each model gates on its own runner; with --changed, only those whose inputs changed since
            the base branch. Exits with 3 on a usage error.
            Example: echo "models=$(mlops github matrix Models.sln --changed)" >> "$GITHUB_OUTPUT"
            """) { target, changed, baseRef };
        command.SetAction(parse =>
        {
            var diagnostics = new DiagnosticBag(int.MaxValue);
            var path = Path.GetFullPath(parse.GetValue(target)!);
            var projects = ModelProjects.Find(path, diagnostics);
            var models = projects.Select(p => ProjectOutputs.Inputs(p, diagnostics)).OfType<ModelInputs>().ToArray();
            if (parse.GetValue(changed) && !diagnostics.HasErrors)
            {
                var reference = parse.GetValue(baseRef) is { Length: > 0 } given ? given : "main";
                var folder = Directory.Exists(path) ? path : Path.GetDirectoryName(path)!;
                // A branch name as GITHUB_BASE_REF gives it: the local branch if there is one, else the remote's.
                if ((GitState.ChangedSince(folder, reference) ?? GitState.ChangedSince(folder, "origin/" + reference)) is { } files)
                    models = models.Where(m => m.AffectedBy(files)).ToArray();
                else
                    diagnostics.Error(DiagnosticCodes.GitHubSettingMissing, $"git could not compare the working tree with '{reference}': pass --base with a branch or commit that exists (fetch it first: actions/checkout with fetch-depth: 0).", path);
            }
            if (diagnostics.HasErrors)
            {
                Output.Report(diagnostics);
                return ReportExitCodes.UsageError;
            }
            var include = models.Select(m => new Dictionary<string, string>
            {
                ["project"] = Path.GetRelativePath(Environment.CurrentDirectory, m.ProjectFile).Replace('\\', '/'),
                ["model"] = m.Model,
            });
            Console.Out.WriteLine(JsonSerializer.Serialize(new { include }));
            return 0;
        });
        return command;
    }
}
