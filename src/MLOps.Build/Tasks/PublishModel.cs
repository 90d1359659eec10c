using Microsoft.Build.Framework;
using MLOps.Engine.Packages;
using MLOps.Engine.Packing;
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
    /// <summary><c>ModelFeedTimeout</c>: a TimeSpan or seconds (default 60 s).</summary>
    public string ModelFeedTimeout { get; set; } = "";

    public override bool Execute()
    {
        Log.LogMessage(MessageImportance.Low, $"Feeds: {Engine.Packages.Feeds.PackageFeeds.Client}");
        var apiKey = string.IsNullOrWhiteSpace(ApiKeyVariable) ? null : Environment.GetEnvironmentVariable(ApiKeyVariable);
        EngineLog.Write(Log, Publisher.PublishAsync(PackagePath, Source, apiKey, ProjectFile, ModelFeedTimeout).GetAwaiter().GetResult(), ProjectFile);
        return !Log.HasLoggedErrors;
    }
}
