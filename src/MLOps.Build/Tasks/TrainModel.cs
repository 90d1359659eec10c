using Microsoft.Build.Framework;
using MLOps.Engine.Diagnostics;
using MLOps.Engine.Pipeline;

namespace MLOps.Build.Tasks;

/// <summary>Trains the model when its training fingerprint changed (unless <c>ModelCacheSource</c> has it); Ctrl+C (MSBuild's cancel) stops an External trainer's processes.</summary>
public sealed class TrainModel() : ModelStepTask(BuildStep.Train)
{
    /// <summary>Where an External trainer that writes only predictions leaves them (the engine names it), for FileWrites.</summary>
    [Output] public string ModelPredictionsPath { get; private set; } = "";

    /// <summary>Where the ML.NET .zip of a model scored through ML.NET is kept, when the recorded model is one; else empty.</summary>
    [Output] public string ModelMLNetPath { get; private set; } = "";

    protected override void Ran(ModelPipeline pipeline)
    {
        ModelPredictionsPath = pipeline.Spec.Outputs.PredictionsPath;
        if (BuildRecord.Read(pipeline.Spec.Outputs)?.ScoredByMLNet == true) ModelMLNetPath = pipeline.Spec.Outputs.MLNetModelPath;
    }
}
