using MLOps.Engine.Diagnostics;
using MLOps.Engine.Features;
using MLOps.Engine.Learners;
using MLOps.Engine.Vocabulary;
using MLOps.Runtime;

namespace MLOps.Engine.Trainers;

/// <summary><c>Trainer=LogisticRegression</c>: L2-penalized logistic regression by L-BFGS; multinomial for more than two classes.</summary>
public sealed class LogisticRegressionTrainer : LearnedTrainer
{
    public const string TrainerName = "LogisticRegression";

    public override string Name => TrainerName;
    public override string Summary => "L2-penalized logistic regression (multinomial for more than two classes), fitted by L-BFGS on one-hot, standardized inputs.";
    public override IReadOnlyList<ModelTask> Tasks { get; } = [ModelTask.BinaryClassification, ModelTask.MulticlassClassification];
    public override IReadOnlyList<ParameterDefinition> Parameters => LinearParameters.All;
    protected override bool RawInputs => false;

    protected override (PredictorSpec Predictor, string Detail) Fit(Model model, double[] y, TrainingRequest request)
    {
        var parameters = request.Parameters;
        var predictor = model.Document.Predictor;
        if (request.Task == ModelTask.MulticlassClassification)
        {
            var multinomial = MultinomialLogisticRegression.Fit(TableRows.Matrix(request.Rows, model), model.FeatureCount, y, request.Classes.Length,
                parameters["L2"], (int)parameters["MaxIterations"], parameters["Tolerance"], request.Cancel);
            WarnIfNotConverged(multinomial.Solver, request);
            return (predictor with { Intercept = 0, Intercepts = multinomial.Intercepts, Weights = multinomial.Weights }, $" ({multinomial.Solver.Iterations} iterations)");
        }
        var fit = LogisticRegression.Fit(TableRows.Columns(request.Rows, model), y, parameters["L2"], (int)parameters["MaxIterations"], parameters["Tolerance"], request.Cancel);
        WarnIfNotConverged(fit.Solver, request);
        return (predictor with { Intercept = fit.Intercept, Weights = fit.Weights }, $" ({fit.Solver.Iterations} iterations)");
    }

    private static void WarnIfNotConverged(MinimizeResult solver, TrainingRequest request)
    {
        if (!solver.Converged)
            request.Diagnostics.Warning(DiagnosticCodes.NotConverged,
                $"Logistic regression stopped after {solver.Iterations} iterations with gradient {solver.GradientNorm:G3} above Tolerance {request.Parameters["Tolerance"]:G3}. Raise MaxIterations, raise L2, or check for columns that separate the classes perfectly.",
                request.ProjectFile);
    }
}
