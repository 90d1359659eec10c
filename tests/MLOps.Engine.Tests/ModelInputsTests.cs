using MLOps.Engine.Pipeline;
using Xunit;

namespace MLOps.Engine.Tests;

/// <summary>Which models a change affects, for a CI matrix of changed models only.</summary>
public class ModelInputsTests
{
    private static readonly string Root = Path.Combine(Path.GetTempPath(), "repo");
    private static readonly ModelInputs Churn = new("Churn", Path.Combine(Root, "models", "Churn", "Churn.mlproj"),
        [Path.Combine(Root, "shared", "churn-train.csv"), Path.Combine(Root, "models", "Churn", "data", "test.csv")]);

    [Theory]
    [InlineData("models/Churn/Churn.mlproj", true)]
    [InlineData("models/Churn/churn.schema.json", true)]
    [InlineData("shared/churn-train.csv", true)]
    [InlineData("Directory.Packages.props", true)]
    [InlineData("models/global.json", true)]
    [InlineData("shared/wine.csv", false)]
    [InlineData("models/Wine/Wine.mlproj", false)]
    [InlineData("models/Wine/global.json", false)]
    [InlineData("README.md", false)]
    public void A_model_is_affected_by_its_inputs_its_folder_and_shared_settings_above_it(string changed, bool affected) =>
        Assert.Equal(affected, Churn.AffectedBy([Path.Combine(Root, changed)]));
}
