namespace MLOps.Engine.Learners;

/// <summary>The built-in trainers and their parameters.</summary>
public static class Trainers
{
    public const string LogisticRegression = "LogisticRegression";
    public const string LinearRegression = "LinearRegression";

    /// <summary>The trainer this version has for a task, or null.</summary>
    public static string? For(string task) => task switch
    {
        Pipeline.ModelTasks.BinaryClassification => LogisticRegression,
        Pipeline.ModelTasks.Regression => LinearRegression,
        _ => null,
    };

    public static readonly IReadOnlyList<string> All = [LogisticRegression, LinearRegression, "GradientBoostedTrees", "External"];

    /// <summary>Parameters of the linear trainers.</summary>
    public static readonly IReadOnlyList<ParameterDefinition> LinearParameters =
    [
        new("L2", 1.0, 0, double.MaxValue, false, "L2 penalty on the weights (scikit-learn's 1/C); the intercept is not penalized."),
        new("MaxIterations", 1000, 1, int.MaxValue, true, "Most L-BFGS iterations before giving up (a warning says so)."),
        new("Tolerance", 1e-8, 1e-15, 1, false, "Stop when every component of the gradient of the mean loss is at most this."),
    ];
}
