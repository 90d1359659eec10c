using MLOps.Engine.Vocabulary;
namespace MLOps.Engine.Learners;

/// <summary>The built-in trainers, the tasks they train, and their parameters (docs/trainers.md).</summary>
public static class Trainers
{
    public const string LogisticRegression = "LogisticRegression";
    public const string LinearRegression = "LinearRegression";
    public const string GradientBoostedTrees = "GradientBoostedTrees";
    public const string External = "External";

    public static readonly IReadOnlyList<string> All = [LogisticRegression, LinearRegression, GradientBoostedTrees, External];

    /// <summary>The trainers this version has for a task.</summary>
    public static IReadOnlyList<string> For(ModelTask task) => task switch
    {
        ModelTask.BinaryClassification => [LogisticRegression, GradientBoostedTrees, External],
        ModelTask.Regression => [LinearRegression, GradientBoostedTrees, External],
        ModelTask.MulticlassClassification => [LogisticRegression, GradientBoostedTrees, External],
        _ => [],
    };

    /// <summary>The trainer a project of this task gets when it sets no <c>Trainer</c>: the linear one that trains the task.</summary>
    public static string DefaultFor(ModelTask task) => task == ModelTask.Regression ? LinearRegression : LogisticRegression;

    /// <summary>The parameters a trainer accepts; null for <see cref="External"/>, which takes any and passes them on.</summary>
    public static IReadOnlyList<ParameterDefinition>? ParametersOf(string trainer) => trainer switch
    {
        GradientBoostedTrees => TreeParameters,
        External => null,
        _ => LinearParameters,
    };

    /// <summary>Parameters that change how fast a model trains, not what it is: not recorded in the model file.</summary>
    public static readonly IReadOnlySet<string> SpeedOnly = new HashSet<string> { "Threads" };

    /// <summary>Parameters of the linear trainers.</summary>
    public static readonly IReadOnlyList<ParameterDefinition> LinearParameters =
    [
        new("L2", 1.0, 0, double.MaxValue, false, "L2 penalty on the weights (scikit-learn's 1/C); the intercept is not penalized."),
        new("MaxIterations", 1000, 1, int.MaxValue, true, "Most L-BFGS iterations before giving up (a warning says so)."),
        new("Tolerance", 1e-6, 1e-15, 1, false, "Stop when every component of the gradient of the mean loss is at most this."),
    ];

    /// <summary>Parameters of gradient-boosted trees.</summary>
    public static readonly IReadOnlyList<ParameterDefinition> TreeParameters =
    [
        new("Trees", 100, 1, 100_000, true, "Boosting rounds: trees added (early stopping may keep fewer)."),
        new("Leaves", 31, 2, 4096, true, "Most leaves per tree; trees grow leaf-wise, best split first."),
        new("LearningRate", 0.1, 1e-6, 1, false, "Each tree's leaf values are scaled by this."),
        new("MaxBins", 255, 2, 255, true, "Most bins per feature for present values (missing values have one more), cut where scikit-learn's HistGradientBoosting cuts them."),
        new("MinLeafRows", 20, 1, int.MaxValue, true, "Fewest training rows a leaf may hold."),
        new("L2", 1.0, 0, double.MaxValue, false, "L2 penalty on leaf values (xgboost's lambda)."),
        new("FeatureFraction", 1, 0.01, 1, false, "Share of features each tree may split on, drawn with the seed."),
        new("RowFraction", 1, 0.01, 1, false, "Share of rows each tree learns from, drawn with the seed."),
        new("EarlyStoppingRounds", 0, 0, int.MaxValue, true, "Stop when the loss on 10% of the training rows held out for validation has not improved for this many rounds, and keep the best round; 0 turns early stopping off."),
        new("Threads", 0, 0, 1024, true, "Threads to train with; 0 uses every core. The model is the same for any value."),
    ];
}
