using System.CommandLine;
using MLOps.Engine.Diagnostics;
using MLOps.GitHub;

namespace MLOps.Cli;

/// <summary><c>mlops github retrain-pr</c>: opens the one retraining pull request of a model, or updates it.</summary>
internal static class GitHubRetrainCommand
{
    public static Command Create()
    {
        var options = new GitHubOptions();
        var model = new Argument<string>("model") { Description = "The model's name (ModelName): the branch is mlops/retrain-<model> unless --branch says otherwise." };
        var monitoring = new Option<string>("--monitoring-report") { Description = "The Markdown report of mlops monitor that called for retraining.", Required = true };
        var gate = new Option<string>("--gate-report") { Description = "The Markdown report of the retrained model's build (ModelReportPath), with its gate against production.", Required = true };
        var branch = new Option<string?>("--branch") { Description = "The branch the retrained data was pushed to (the command does not push). Default: mlops/retrain-<model>." };
        var into = new Option<string?>("--base") { Description = "The branch to merge into. Default: the repository's default branch." };
        var label = new Option<string>("--label") { Description = "The label the pull request gets (created when missing; empty: none).", DefaultValueFactory = _ => RetrainRequest.DefaultLabel };
        var json = RegistryOptions.Json();
        var command = new Command("retrain-pr", """
            Opens one pull request from the retraining branch (pushed by the workflow) into the default branch, with the
            monitoring and gate reports in its body, labelled mlops-retrain; when one from that branch is open already, updates
            its body and comments on what changed instead. Re-running changes nothing. Needs 'pull-requests: write'.
            Exits with 0 when the pull request is open and up to date, 1 when GitHub refused (a warning says why), 3 on a
            usage error, 5 when mlops failed.
            Example: mlops github retrain-pr Churn --monitoring-report monitor/Churn.monitor.md --gate-report bin/Release/net8.0/Churn.report.md
            """) { model, monitoring, gate, branch, into, label, json };
        foreach (var option in new Option[] { options.TokenVariable, options.ApiUrl, options.Repository, options.RunId, options.ServerUrl }) command.Options.Add(option);
        command.SetAction(async (parse, cancellation) =>
        {
            var diagnostics = new DiagnosticBag(int.MaxValue);
            var name = parse.GetValue(model)!.Trim();
            var request = new RetrainRequest(name, Read(parse.GetValue(monitoring)!, diagnostics), Read(parse.GetValue(gate)!, diagnostics))
            {
                Branch = parse.GetValue(branch),
                Base = parse.GetValue(into),
                Label = parse.GetValue(label) ?? "",
            };
            if (name.Length == 0)
                diagnostics.Error(DiagnosticCodes.RetrainBranchInvalid, "The model name is empty: pass the model's ModelName.");
            else if (RetrainRequest.BranchProblem(request.HeadBranch) is { } problem)
                diagnostics.Error(DiagnosticCodes.RetrainBranchInvalid, $"'{request.HeadBranch}' cannot be a branch name: {problem}. Pass a model name git accepts in a branch, or --branch.");
            var settings = options.Resolve(parse, diagnostics, needsCommit: false);
            if (settings is null || diagnostics.HasErrors)
            {
                Output.Report(diagnostics);
                return ReportExitCodes.UsageError;
            }

            var (outcome, pullRequest) = await new GitHubReporter(settings).RetrainAsync(request).ConfigureAwait(false);
            foreach (var message in outcome.Messages) Console.Error.WriteLine(message);
            foreach (var warning in outcome.Warnings) Console.Error.WriteLine(warning);
            if (pullRequest is null) return ReportExitCodes.Failed;
            if (parse.GetValue(json))
                RegistryOptions.WriteJson(new { pullRequest.Number, pullRequest.Url, Action = pullRequest.Action.ToString().ToLowerInvariant(), Branch = request.HeadBranch });
            else
                Console.Out.WriteLine(pullRequest.Url);
            return ReportExitCodes.Passed;
        });
        return command;
    }

    private static string Read(string path, DiagnosticBag diagnostics)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            diagnostics.Error(DiagnosticCodes.RetrainReportUnreadable, $"The report {path} could not be read ({e.Message}). Pass the Markdown files mlops monitor and the model's build wrote.", path);
            return "";
        }
    }
}
