using Microsoft.Build.Framework;
using MLOps.Engine.Pipeline;

namespace MLOps.Build.Tasks;

/// <summary>
/// Where a build keeps each model's <see cref="ModelPipeline"/> between its tasks: MSBuild's task objects, for the
/// length of the build, by the model's record path (one per model's outputs). MSBuild disposes them when the build
/// ends, which lets go of the data they hold.
/// </summary>
internal static class ModelPipelines
{
    private static string Key(string fingerprintPath) => $"MLOps.Build.ModelPipeline|{Path.GetFullPath(fingerprintPath)}";

    /// <summary>Keeps <paramref name="pipeline"/> for the rest of the build, in place of any earlier one for the same outputs.</summary>
    public static void Register(IBuildEngine engine, string fingerprintPath, ModelPipeline pipeline)
    {
        var tasks = (IBuildEngine4)engine;
        (tasks.UnregisterTaskObject(Key(fingerprintPath), RegisteredTaskObjectLifetime.Build) as IDisposable)?.Dispose();
        tasks.RegisterTaskObject(Key(fingerprintPath), pipeline, RegisteredTaskObjectLifetime.Build, allowEarlyCollection: false);
    }

    /// <summary>The pipeline PrepareModelPipeline left for the model whose record is at <paramref name="fingerprintPath"/>.</summary>
    public static ModelPipeline Find(IBuildEngine engine, string fingerprintPath) =>
        ((IBuildEngine4)engine).GetRegisteredTaskObject(Key(fingerprintPath), RegisteredTaskObjectLifetime.Build) as ModelPipeline
        ?? throw new InvalidOperationException($"No model pipeline for {fingerprintPath}: the PrepareModelPipeline target must run first.");
}
