using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLOps.Engine.Data;
using MLOps.Engine.Diagnostics;
using MLOps.Engine.Features;
using MLOps.Engine.Pipeline;
using MLOps.Engine.Trainers;
using MLOps.Engine.Vocabulary;
using MLOps.Runtime;

namespace MLOps.MLNet.Conversion;

/// <summary>
/// Scores the evaluation rows with the ML.NET model and with its MLOps.Runtime conversion and keeps the conversion only
/// when they agree: every output within <see cref="Tolerance"/> (relative above 1: ML.NET sums in single precision).
/// </summary>
internal static class ScoreComparison
{
    public const double Tolerance = 1e-5;

    /// <summary>What the model file and the lineage record of a passed check.</summary>
    public static string From { get; } = "ML.NET " + (typeof(MLContext).Assembly
        .GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
        .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion.Split('+')[0] ?? "?"); // its assembly version is always 1.0.0

    /// <summary>The check's outcome, or null with a coded error in the request's diagnostics.</summary>
    public static Runtime.ConversionCheck? Run(MLContext context, ITransformer fitted, ModelDocument converted, TrainingRequest request) =>
        Run(converted, request, (rows, model) => Score(context, fitted, TableRows.Matrix(rows, model), model.FeatureCount, ModelTasks.Of(converted), converted.Label.Classes.Count));

    /// <summary>As above, with ML.NET's outputs on the evaluation rows from <paramref name="expectedScores"/> (row-major as the runtime's).</summary>
    public static Runtime.ConversionCheck? Run(ModelDocument converted, TrainingRequest request, Func<DataTable, Model, double[]> expectedScores)
    {
        var rows = request.EvaluationRows(converted, request.Diagnostics);
        if (rows is null) return null;
        var model = new Model(converted);
        var task = ModelTasks.Of(converted);
        var width = model.ClassCount;
        var actual = width > 1 ? ModelBuild.ScoreClasses(model, rows) : ModelBuild.Score(model, rows);
        var expected = expectedScores(rows, model);
        var (worst, at) = (0.0, 0);
        for (var i = 0; i < expected.Length; i++)
        {
            var difference = Math.Abs(expected[i] - actual[i]) / Math.Max(1, Math.Abs(expected[i]));
            if (double.IsNaN(difference)) difference = double.PositiveInfinity;
            if (difference > worst) (worst, at) = (difference, i);
        }
        if (worst <= Tolerance) return new Runtime.ConversionCheck(From, rows.RowCount, worst, Tolerance);
        var output = width > 1 ? $"the probability of class '{converted.Label.Classes[at % width]}'" : task == ModelTask.Regression ? "the prediction" : "the probability";
        request.Diagnostics.Error(DiagnosticCodes.MLNetConversionDiffers,
            $"The {converted.Training.Trainer} model of '{request.ModelName}' was not kept: converted to MLOps.Runtime, {output} at evaluation row {at / width + 1} is {Format(actual[at])} where ML.NET gives {Format(expected[at])} " +
            $"(a difference of {Format(worst)}, more than {Format(Tolerance)}). Please report it with the project's trainer and parameters.",
            request.ProjectFile);
        return null;
    }

    /// <summary>ML.NET's probabilities (classification) or predictions (regression), row-major as the runtime's.</summary>
    private static double[] Score(MLContext context, ITransformer fitted, double[] matrix, int features, ModelTask task, int classes) =>
        Outputs(fitted.Transform(MLNetData.Create(context, matrix, features, null, task, classes)), task);

    /// <summary>The outputs of ML.NET's scored rows the runtime's outputs are compared with.</summary>
    public static double[] Outputs(IDataView scored, ModelTask task) =>
        task switch
        {
            ModelTask.BinaryClassification => scored.GetColumn<float>("Probability").Select(p => (double)p).ToArray(),
            ModelTask.MulticlassClassification => scored.GetColumn<VBuffer<float>>("Score").SelectMany(s => s.DenseValues()).Select(p => (double)p).ToArray(),
            _ => scored.GetColumn<float>("Score").Select(p => (double)p).ToArray(),
        };

    private static string Format(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
