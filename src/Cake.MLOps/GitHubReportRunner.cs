using Cake.Core;
using Cake.Core.Diagnostics;
using Cake.Core.IO;
using MLOps.Engine.Diagnostics;
using MLOps.Engine.Reports;
using MLOps.GitHub;

namespace Cake.MLOps;

/// <summary>
/// <c>mlops github report</c> for Cake: the build's outputs (found through the project's evaluation, or a folder of
/// them) go to the same <see cref="GitHubReporter"/>; what it did goes to Cake's log.
/// </summary>
internal sealed class GitHubReportRunner(ICakeContext context)
{
    public MLOpsGitHubReportResult Run(FilePath projectOrFolder, MLOpsGitHubReportSettings settings)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(projectOrFolder);
        ArgumentNullException.ThrowIfNull(settings);
        var absolute = projectOrFolder.MakeAbsolute(context.Environment);
        var path = absolute.FullPath;
        IReadOnlyList<OutputPaths> paths = Directory.Exists(path) ? OutputPaths.InFolder(path)
            : File.Exists(path) ? [new ModelRunner(context).OutputPaths(ModelStep.Build, absolute, settings).ForReporting()]
            : throw new CakeException($"{path} does not exist: pass a model project or a folder of its build outputs.");
        var models = paths.Select(BuildOutputs.Read).Where(m => m.Exists).ToArray();
        if (models.Length == 0)
            throw new CakeException($"{path} has no build outputs to report (<model>.gate.json, .metrics.json or .diagnostics.json): build the project first, or download the outputs artifact.");

        var diagnostics = new DiagnosticBag(int.MaxValue);
        var target = new GitHubSettings
        {
            TokenVariable = settings.TokenVariable,
            ApiUrl = settings.ApiUrl,
            Repository = settings.Repository,
            EventPath = settings.EventPath,
            Sha = settings.Sha,
            PullRequest = settings.PullRequest,
            StepSummary = settings.StepSummary,
            RunId = settings.RunId,
            ServerUrl = settings.ServerUrl,
        }.Resolve(diagnostics, needsCommit: true, context.Environment.GetEnvironmentVariable);
        if (target is null)
            throw new CakeException(string.Join(Environment.NewLine, diagnostics.Items.Where(d => d.Severity == Severity.Error)));

        var outcome = new GitHubReporter(target).ReportAsync(models).GetAwaiter().GetResult();
        foreach (var message in outcome.Messages) context.Log.Information("{0}", message);
        foreach (var warning in outcome.Warnings)
        {
            if (warning.Severity == Severity.Warning) context.Log.Warning("{0}", warning);
            else context.Log.Information("{0}", warning);
        }
        var result = new MLOpsGitHubReportResult
        {
            Verdicts = models.ToDictionary(m => m.Model, m => m.Verdict, StringComparer.Ordinal),
            Messages = outcome.Messages,
            Warnings = outcome.Warnings,
        };
        if (settings.Strict && result.ReportingFailed)
            throw new CakeException($"Reporting to GitHub failed (Strict): {string.Join(Environment.NewLine, outcome.Warnings.Where(w => w.Severity == Severity.Warning))}");
        if (settings.ThrowOnGateFailure && result.Verdict == BuildVerdict.Failed)
            throw new CakeException(string.Join(Environment.NewLine, models.Where(m => m.Verdict == BuildVerdict.Failed).Select(PullRequestSummary.Title)));
        return result;
    }
}
