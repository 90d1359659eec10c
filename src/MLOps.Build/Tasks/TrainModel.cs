using Microsoft.Build.Framework;
using MLOps.Engine.Pipeline;

namespace MLOps.Build.Tasks;

/// <summary>Trains the model when its training fingerprint changed.</summary>
public sealed class TrainModel : ModelTaskBase
{
    protected override void Run(ModelSpec spec, Fingerprint fingerprint, UpToDateCheck check)
    {
        if (check.TrainingUpToDate)
        {
            Log.LogMessage(MessageImportance.High, "{0}: model is up to date ({1}; fingerprint {2}): {3}", spec.Name, check.Reason, fingerprint.Training[..12], spec.Outputs.ModelPath);
            return;
        }
        Log.LogMessage(MessageImportance.High, "{0}: training, because {1}.", spec.Name, check.Reason);
        Report(ModelBuild.Train(spec, fingerprint));
    }
}
