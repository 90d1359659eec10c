using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using MLOps.Engine.Diagnostics;
using MLOps.Engine.Features;
using MLOps.Engine.Learners;
using MLOps.Engine.Trainers;
using MLOps.Engine.Vocabulary;
using MLOps.MLNet.Conversion;
using MLOps.Runtime;

namespace MLOps.MLNet;

/// <summary>
/// What the ML.NET trainers share: they train on the runtime featurizer's rows (one-hot, standardized inputs, so the
/// model's inputs are the project's columns), with the project's seed and one thread; the trained ML.NET model is
/// converted to an MLOps.Runtime predictor, and kept only when both score the evaluation rows alike
/// (<see cref="ScoreComparison"/>).
/// </summary>
public abstract class MLNetTrainer : ITrainer
{
    /// <summary>ML.NET trains on one thread: with more, SDCA, FastTree and LightGBM may give other models on other machines.</summary>
    public const int Threads = 1;

    public abstract string Name { get; }
    public abstract string Summary { get; }
    public abstract IReadOnlyList<ModelTask> Tasks { get; }
    public abstract IReadOnlyList<ParameterDefinition> Parameters { get; }
    IReadOnlyList<ParameterDefinition>? ITrainer.Parameters => Parameters;

    /// <summary>The ML.NET estimator for <paramref name="task"/> with the project's parameters and seed.</summary>
    protected abstract IEstimator<ITransformer> Estimator(MLContext context, ModelTask task, TrainerParameters parameters, int seed);

    /// <summary>Why the trainer cannot run on this machine (a native library that does not load), or null.</summary>
    protected virtual string? Unavailable() => null;

    public TrainedModel? Train(TrainingRequest request)
    {
        request.Cancel.ThrowIfCancellationRequested();
        if (Unavailable() is { } problem)
        {
            request.Diagnostics.Error(DiagnosticCodes.MLNetNativeLibraryMissing, $"Trainer '{Name}' cannot train on this machine: {problem}", request.ProjectFile);
            return null;
        }
        // Trees too take the linear encoding: nothing is missing (NaN) in it, so ML.NET and the runtime cannot route a missing value differently.
        if (UntrainedModel.For(request, Name, rawInputs: false) is not (var untrained, var y)) return null;
        var rows = request.Rows;
        var classes = request.Classes;
        var featurizing = new Model(untrained);
        var width = featurizing.FeatureCount;

        var context = new MLContext(request.Seed);
        ITransformer fitted;
        var clock = Stopwatch.StartNew();
        using (request.Cancel.Register(() => Cancellation.Cancel(context)))
        {
            try
            {
                var data = MLNetData.Create(context, TableRows.Matrix(rows, featurizing), width, y, request.Task, classes.Length);
                fitted = Estimator(context, request.Task, request.Parameters, request.Seed).Fit(data);
            }
            catch (Exception e) when (!request.Cancel.IsCancellationRequested && e is InvalidOperationException or ArgumentException or FormatException or DllNotFoundException or EntryPointNotFoundException)
            {
                request.Diagnostics.Error(DiagnosticCodes.MLNetTrainingFailed, $"ML.NET could not train '{request.ModelName}' with {Name}: {e.Message}", request.ProjectFile);
                return null;
            }
            catch (Exception) when (request.Cancel.IsCancellationRequested)
            {
                throw new OperationCanceledException(request.Cancel);
            }
        }
        var fitTime = clock.Elapsed;

        var converted = ModelConversion.Convert(fitted, untrained.Predictor, classes.Length);
        if (converted.Predictor is not { } predictor)
        {
            request.Diagnostics.Error(DiagnosticCodes.MLNetNotConvertible, $"The {Name} model of '{request.ModelName}' has no MLOps.Runtime form: {converted.Problem}", request.ProjectFile);
            return null;
        }
        var document = untrained with { Predictor = predictor };
        var check = ScoreComparison.Run(context, fitted, document, request);
        if (check is null) return null;
        request.Cancel.ThrowIfCancellationRequested();
        return new TrainedModel(document with { Training = document.Training with { Conversion = check } },
            elapsed => $"{request.ModelName}: trained {Name} (ML.NET) on {rows.RowCount:N0} rows × {width} features in {fitTime.TotalSeconds:0.00} s; " +
                $"converted to MLOps.Runtime, which scores the {check.Rows:N0} evaluation rows as ML.NET does (max difference {check.MaxDifference.ToString("G3", CultureInfo.InvariantCulture)})");
    }

    /// <summary>A whole-number parameter as ML.NET's options take it.</summary>
    protected static int Int(TrainerParameters parameters, string name) => (int)parameters[name];
}
