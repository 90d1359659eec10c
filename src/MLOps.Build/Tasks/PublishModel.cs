using Microsoft.Build.Framework;
using MLOps.Engine.Diagnostics;
using MLOps.Engine.Packages;
using MLOps.Engine.Packages.Feeds;
using MSBuildTask = Microsoft.Build.Utilities.Task;

namespace MLOps.Build.Tasks;

/// <summary>
/// Pushes the packed model to its feed. The API key is read here from the environment variable named by
/// <see cref="ApiKeyVariable"/>: it is never a task parameter, so it never reaches a log or a binary log.
/// </summary>
public sealed class PublishModel : MSBuildTask
{
    [Required] public string PackagePath { get; set; } = "";
    [Required] public string ProjectFile { get; set; } = "";
    public string Source { get; set; } = "";
    public string ApiKeyVariable { get; set; } = "";

    public override bool Execute()
    {
        if (string.IsNullOrWhiteSpace(Source))
        {
            Log.LogError(null, DiagnosticCodes.PublishSourceNotSet, null, ProjectFile, 0, 0, 0, 0,
                "No feed to publish to: set ModelPublishSource (or BaselineSource) to a folder, a v3 feed URL or a source key in nuget.config.");
            return false;
        }
        var feed = PackageFeeds.Open(Source, Path.GetDirectoryName(ProjectFile) ?? ".");
        if (feed is null)
        {
            Log.LogError(null, DiagnosticCodes.FeedNotFound, null, ProjectFile, 0, 0, 0, 0,
                "ModelPublishSource '{0}' is not a URL, a folder, or the key of a package source in a nuget.config above the project.", Source);
            return false;
        }
        var apiKey = string.IsNullOrWhiteSpace(ApiKeyVariable) ? null : Environment.GetEnvironmentVariable(ApiKeyVariable);
        var result = Publisher.PublishAsync(PackagePath, feed, apiKey, ProjectFile).GetAwaiter().GetResult();
        foreach (var message in result.Messages) Log.LogMessage(MessageImportance.High, message);
        foreach (var d in result.Diagnostics)
            if (d.Severity == Severity.Error) Log.LogError(null, d.Code, null, d.File ?? ProjectFile, d.Line, d.Column, 0, 0, "{0}", d.Message);
            else Log.LogWarning(null, d.Code, null, d.File ?? ProjectFile, d.Line, d.Column, 0, 0, "{0}", d.Message);
        return !Log.HasLoggedErrors;
    }
}
