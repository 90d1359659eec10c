using MLOps.Engine.Learners;

namespace MLOps.MLNet.Lbfgs;

/// <summary>The options ML.NET's L-BFGS trainers share (LbfgsLogisticRegression and LbfgsMaximumEntropy take the same ones).</summary>
internal static class LbfgsParameters
{
    public static readonly string[] Names = ["L1Regularization", "L2Regularization", "OptimizationTolerance", "HistorySize", "MaximumNumberOfIterations"];

    public static readonly IReadOnlyList<ParameterDefinition> All =
    [
        new("L1Regularization", 1, 0, double.MaxValue, false, "L1 penalty on the weights."),
        new("L2Regularization", 1, 0, double.MaxValue, false, "L2 penalty on the weights."),
        new("OptimizationTolerance", 1e-7, 1e-15, 1, false, "Stop when the relative improvement of the loss is below this."),
        new("HistorySize", 20, 1, 1000, true, "Past updates L-BFGS remembers to approximate the Hessian."),
        new("MaximumNumberOfIterations", 1000, 1, int.MaxValue, true, "Most L-BFGS iterations."),
    ];

    public static T Configure<T>(T options, TrainerParameters parameters) where T : class =>
        OptionsBinder.Deterministic(OptionsBinder.Apply(options, parameters, Names), 0);
}
