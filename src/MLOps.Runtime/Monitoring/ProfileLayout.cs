namespace MLOps.Runtime.Monitoring;

/// <summary>
/// Empty profiles that fix where values are counted: which edges each number column has, which values each category
/// column counts. A <see cref="ProfileBuilder"/> counts on the layout it is given; the reference profile is the layout
/// every profile of what an app scored uses.
/// </summary>
public static class ProfileLayout
{
    /// <summary>
    /// An empty profile of <paramref name="model"/>: number columns on <paramref name="numberEdges"/> (by input index),
    /// boolean columns on <see cref="ProfileEdges.Boolean"/>, category columns counting
    /// <paramref name="categoryValues"/>; a binary model's probability on <see cref="ProfileEdges.Probability"/>, a
    /// regression's prediction on <paramref name="predictionEdges"/>.
    /// </summary>
    public static ScoringProfile Create(ModelDocument model, string kind,
        Func<int, IReadOnlyList<double>> numberEdges, Func<int, IReadOnlyList<string>> categoryValues, IReadOnlyList<double> predictionEdges)
    {
        var columns = model.Inputs.Select((input, i) => input.Type switch
        {
            InputTypes.Category => Column(input) with { Categories = new CategoryCounts(categoryValues(i), new long[categoryValues(i).Count], 0) },
            InputTypes.Boolean => Numeric(input, ProfileEdges.Boolean),
            _ => Numeric(input, numberEdges(i)),
        }).ToArray();
        return new ScoringProfile
        {
            Kind = kind,
            Model = ProfiledModel.Of(model),
            Rows = 0,
            Columns = columns,
            Predictions = Predictions(model, predictionEdges),
        };
    }

    /// <summary>
    /// The layout when no reference profile is at hand: category columns count the model's levels, number columns and a
    /// regression's predictions have one bin (their sums, min and max still tell a lot).
    /// </summary>
    public static ScoringProfile FromModel(ModelDocument model) =>
        Create(model, ProfileKinds.Scored, _ => [], i => model.Inputs[i].Levels?.Take(ProfileLimits.Categories).ToArray() ?? [], []);

    private static ColumnProfile Column(InputSpec input) => new() { Name = input.Name, Type = input.Type, Count = 0, Missing = 0 };

    private static ColumnProfile Numeric(InputSpec input, IReadOnlyList<double> edges) =>
        Column(input) with { Histogram = Empty(edges), Summary = ValueSummary.Empty };

    private static Histogram Empty(IReadOnlyList<double> edges) => new(edges.ToArray(), new long[edges.Count + 1]);

    private static PredictionProfile Predictions(ModelDocument model, IReadOnlyList<double> regressionEdges)
    {
        var classes = model.Label.Classes;
        if (model.Task == "MulticlassClassification")
            return new PredictionProfile
            {
                Kind = PredictionKinds.Classes, Count = 0,
                Classes = classes.Select(c => new ClassPrediction(c, 0, Empty(ProfileEdges.Probability), null)).ToArray(),
            };
        var binary = model.Task == "BinaryClassification";
        return new PredictionProfile
        {
            Kind = binary ? PredictionKinds.Probability : PredictionKinds.Value, Count = 0,
            Histogram = Empty(binary ? ProfileEdges.Probability : regressionEdges),
            Summary = ValueSummary.Empty,
        };
    }
}
