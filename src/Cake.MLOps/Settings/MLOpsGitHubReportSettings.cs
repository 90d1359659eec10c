namespace Cake.MLOps;

/// <summary>
/// Settings of <see cref="MLOpsAliases.MLOpsGitHubReport(Cake.Core.ICakeContext, Cake.Core.IO.FilePath, MLOpsGitHubReportSettings)"/>:
/// the options of <c>mlops github report</c>. Each one not set comes from the variable GitHub Actions sets (named
/// in its description); the inherited settings (Configuration, Properties) say which build's outputs to report.
/// </summary>
public sealed class MLOpsGitHubReportSettings : MLOpsSettings
{
    /// <summary>The environment variable that holds the token (default GITHUB_TOKEN). The token itself never goes in a script.</summary>
    public string TokenVariable { get; set; } = "GITHUB_TOKEN";

    /// <summary>The REST API (default GITHUB_API_URL, else https://api.github.com; GitHub Enterprise: https://host/api/v3 or https://host).</summary>
    public string? ApiUrl { get; set; }

    /// <summary>owner/name (default GITHUB_REPOSITORY).</summary>
    public string? Repository { get; set; }

    /// <summary>The event JSON with the pull request number and head commit (default GITHUB_EVENT_PATH).</summary>
    public string? EventPath { get; set; }

    /// <summary>The commit to report on (default: the pull request's head from the event, else GITHUB_SHA).</summary>
    public string? Sha { get; set; }

    /// <summary>The pull request to comment on (default: from the event).</summary>
    public int? PullRequest { get; set; }

    /// <summary>The job summary file to append to (default GITHUB_STEP_SUMMARY).</summary>
    public string? StepSummary { get; set; }

    /// <summary>The workflow run, linked for the HTML report artifact (default GITHUB_RUN_ID).</summary>
    public string? RunId { get; set; }

    /// <summary>The GitHub web address (default GITHUB_SERVER_URL, else https://github.com).</summary>
    public string? ServerUrl { get; set; }

    /// <summary>Whether a reporting failure (GitHub refused or could not be reached) throws too; by default it is a warning in the log.</summary>
    public bool Strict { get; set; }
}
