using MLOps.Engine.Data;
using MLOps.Engine.Diagnostics;
using MLOps.Engine.Features;
using MLOps.Engine.Learners;
using MLOps.Engine.Vocabulary;
using MLOps.Runtime;

namespace MLOps.Engine.Pipeline;

/// <summary>Fits a linear predictor: ridge regression for Regression, logistic regression for binary classification.</summary>
internal static class LinearTraining
{
    public static (PredictorSpec Predictor, string Detail) Fit(Model model, DataTable rows, double[] y, Settings settings, ModelSpec spec, DiagnosticBag diagnostics, CancellationToken cancel)
    {
        var parameters = settings.Parameters;
        var predictor = model.Document.Predictor;
        if (settings.Task == ModelTask.Regression)
        {
            var (intercept, weights) = RidgeRegression.Fit(TableRows.Matrix(rows, model), model.FeatureCount, y, parameters["L2"], cancel);
            return (predictor with { Intercept = intercept, Weights = weights }, "");
        }
        if (settings.Task == ModelTask.MulticlassClassification)
        {
            var classes = model.Document.Label.Classes.Count;
            var multinomial = MultinomialLogisticRegression.Fit(TableRows.Matrix(rows, model), model.FeatureCount, y, classes, parameters["L2"], (int)parameters["MaxIterations"], parameters["Tolerance"], cancel);
            WarnIfNotConverged(multinomial.Solver, parameters, spec, diagnostics);
            return (predictor with { Intercept = 0, Intercepts = multinomial.Intercepts, Weights = multinomial.Weights }, $" ({multinomial.Solver.Iterations} iterations)");
        }
        var fit = LogisticRegression.Fit(TableRows.Columns(rows, model), y, parameters["L2"], (int)parameters["MaxIterations"], parameters["Tolerance"], cancel);
        WarnIfNotConverged(fit.Solver, parameters, spec, diagnostics);
        return (predictor with { Intercept = fit.Intercept, Weights = fit.Weights }, $" ({fit.Solver.Iterations} iterations)");
    }

    private static void WarnIfNotConverged(MinimizeResult solver, TrainerParameters parameters, ModelSpec spec, DiagnosticBag diagnostics)
    {
        if (!solver.Converged)
            diagnostics.Warning(DiagnosticCodes.NotConverged,
                $"Logistic regression stopped after {solver.Iterations} iterations with gradient {solver.GradientNorm:G3} above Tolerance {parameters["Tolerance"]:G3}. Raise MaxIterations, raise L2, or check for columns that separate the classes perfectly.",
                spec.ProjectFile);
    }
}
