using MLOps.Runtime;
using Xunit;

namespace MLOps.Engine.Tests;

/// <summary>What an app sees when it fills a row: typed setters, and errors that say what each input takes.</summary>
public sealed class ModelRowTests
{
    private static readonly Model Churn = new(new ModelDocument
    {
        Format = ModelFormat.FormatName, FormatVersion = 1, Name = "Churn", Task = "BinaryClassification",
        Label = new LabelSpec("churned", InputTypes.Boolean, ["false", "true"]),
        Inputs =
        [
            new InputSpec { Name = "tenure_months", Type = InputTypes.Number, Center = 0, Scale = 1 },
            new InputSpec { Name = "senior", Type = InputTypes.Boolean, Center = 0, Scale = 1 },
            new InputSpec { Name = "contract", Type = InputTypes.Category, Levels = ["month-to-month", "one-year"] },
        ],
        Predictor = new PredictorSpec(PredictorKinds.Linear, Links.Logit, 0, [0.5, 1, 2, -1]),
        Training = new TrainingInfo("LogisticRegression", new Dictionary<string, string>(), 42, "0", "f", 1),
    });

    [Fact]
    public void The_model_lists_its_inputs_with_their_types()
    {
        Assert.Equal([("tenure_months", "number"), ("senior", "boolean"), ("contract", "category")], Churn.Inputs.Select(i => (i.Name, i.Type)));
        Assert.Equal(["month-to-month", "one-year"], Churn.Inputs[2].Levels!);
    }

    [Fact]
    public void Typed_setters_fill_the_row_the_model_scores()
    {
        var row = Churn.CreateRow().Set("tenure_months", 2).Set("senior", true).Set("contract", "one-year");

        Assert.Equal(Model.Sigmoid(0.5 * 2 + 1 - 1), Churn.Score(row), 12);
        Assert.Equal(Model.Sigmoid(1 - 1), Churn.Score(row.SetMissing("tenure_months")), 12);
    }

    [Fact]
    public void An_input_the_model_does_not_have_is_an_error_listing_its_inputs()
    {
        var error = Assert.Throws<ArgumentException>(() => Churn.CreateRow().Set("tenure", 3));

        Assert.Equal("column", error.ParamName);
        Assert.StartsWith("The model has no input 'tenure'. Its inputs: tenure_months (number), senior (boolean), contract (category).", error.Message);
    }

    [Theory]
    [InlineData("contract", "Input 'contract' is a category: set it with a string, not a double.")]
    [InlineData("senior", "Input 'senior' is a boolean: set it with a bool, not a double.")]
    public void A_number_for_another_type_of_input_is_an_error(string column, string message) =>
        Assert.StartsWith(message, Assert.Throws<ArgumentException>(() => Churn.CreateRow().Set(column, 1.0)).Message);

    [Fact]
    public void Text_or_a_bool_for_a_number_input_is_an_error()
    {
        var row = Churn.CreateRow();

        Assert.StartsWith("Input 'tenure_months' is a number: set it with a double, not a string.", Assert.Throws<ArgumentException>(() => row.Set("tenure_months", "3")).Message);
        Assert.StartsWith("Input 'tenure_months' is a number: set it with a double, not a bool.", Assert.Throws<ArgumentException>(() => row.Set("tenure_months", true)).Message);
        Assert.StartsWith("Input 'senior' is a boolean: set it with a bool, not a string.", Assert.Throws<ArgumentException>(() => row.Set("senior", "true")).Message);
    }
}
