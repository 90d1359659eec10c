using MLOps.Engine.Features;
using MLOps.Engine.Learners;
using MLOps.Engine.Vocabulary;
using MLOps.Runtime;

namespace MLOps.Engine.Trainers;

/// <summary><c>Trainer=LinearRegression</c>: ridge regression on one-hot, standardized inputs, solved exactly.</summary>
public sealed class LinearRegressionTrainer : LearnedTrainer
{
    public const string TrainerName = "LinearRegression";

    public override string Name => TrainerName;
    public override string Summary => "Ridge regression (least squares with an L2 penalty) on one-hot, standardized inputs.";
    public override IReadOnlyList<ModelTask> Tasks { get; } = [ModelTask.Regression];
    public override IReadOnlyList<ParameterDefinition> Parameters => LinearParameters.All;
    protected override bool RawInputs => false;

    protected override (PredictorSpec Predictor, string Detail) Fit(Model model, double[] y, TrainingRequest request)
    {
        var (intercept, weights) = RidgeRegression.Fit(TableRows.Matrix(request.Rows, model), model.FeatureCount, y, request.Parameters["L2"], request.Cancel);
        return (model.Document.Predictor with { Intercept = intercept, Weights = weights }, "");
    }
}
