using Microsoft.Build.Framework;
using MLOps.Engine.Pipeline;

namespace MLOps.Build.Tasks;

/// <summary>
/// Trains the model when its training fingerprint changed, unless <c>ModelCacheSource</c> has a package of a model
/// trained from the same inputs; Ctrl+C (MSBuild's cancel) stops an External trainer's processes.
/// </summary>
public sealed class TrainModel : ModelTaskBase
{
    /// <summary><c>ModelCacheSource</c>: a feed whose model packages stand in for training (docs/registry.md).</summary>
    public string ModelCacheSource { get; set; } = "";
    /// <summary>The package id the model is published under (the cache looks it up by that).</summary>
    public string PackageId { get; set; } = "";

    /// <summary>Where an External trainer that writes only predictions leaves them (the engine names it), for FileWrites.</summary>
    [Output] public string ModelPredictionsPath { get; private set; } = "";

    protected override void Run(ModelSpec spec, Fingerprint fingerprint, UpToDateCheck check)
    {
        ModelPredictionsPath = spec.Outputs.PredictionsPath;
        if (check.TrainingUpToDate)
        {
            Log.LogMessage(MessageImportance.High, "{0}: model is up to date ({1}; fingerprint {2}): {3}", spec.Name, check.Reason, fingerprint.Training[..12], spec.Outputs.ModelPath);
            return;
        }
        if (!string.IsNullOrWhiteSpace(ModelCacheSource) && !string.IsNullOrWhiteSpace(PackageId)
            && Engine.Packages.RemoteCache.TryRestoreAsync(spec, fingerprint, ModelCacheSource, PackageId, PackagesFolder(), ModelFeedTimeout, Cancellation).GetAwaiter().GetResult() is { } cached)
        {
            Report(cached);
            if (!cached.Succeeded || cached.Messages.Count > 0) return; // restored, or a setting to fix; a warning alone: train

        }
        Log.LogMessage(MessageImportance.High, "{0}: training, because {1}.", spec.Name, check.Reason);
        // The trainer's lines are relayed on this thread while Execute runs, as they come.
        Report(ModelBuild.Train(spec, fingerprint, line => Log.LogMessage(MessageImportance.High, "{0}", line), Cancellation));
    }
}
