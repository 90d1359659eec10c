using Microsoft.Build.Framework;
using MLOps.Engine.Pipeline;

namespace MLOps.Build.Tasks;

/// <summary>Trains the model when its training fingerprint changed; Ctrl+C (MSBuild's cancel) stops an External trainer's processes.</summary>
public sealed class TrainModel : ModelTaskBase
{
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
        Log.LogMessage(MessageImportance.High, "{0}: training, because {1}.", spec.Name, check.Reason);
        // The trainer's lines are relayed on this thread while Execute runs, as they come.
        Report(ModelBuild.Train(spec, fingerprint, line => Log.LogMessage(MessageImportance.High, "{0}", line), Cancellation));
    }
}
