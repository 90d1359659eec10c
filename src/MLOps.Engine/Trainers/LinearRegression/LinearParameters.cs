using MLOps.Engine.Learners;

namespace MLOps.Engine.Trainers;

/// <summary>The parameters of the linear trainers (LogisticRegression and LinearRegression take the same ones).</summary>
public static class LinearParameters
{
    public static readonly IReadOnlyList<ParameterDefinition> All =
    [
        new("L2", 1.0, 0, double.MaxValue, false, "L2 penalty on the weights (scikit-learn's 1/C); the intercept is not penalized."),
        new("MaxIterations", 1000, 1, int.MaxValue, true, "Most L-BFGS iterations before giving up (a warning says so)."),
        new("Tolerance", 1e-6, 1e-15, 1, false, "Stop when every component of the gradient of the mean loss is at most this."),
    ];
}
