using System.Text.Json;
using MLOps.Engine.Features;
using MLOps.Engine.Learners;
using MLOps.Runtime;
using Xunit;

namespace MLOps.Engine.Tests;

public class MultinomialLogisticRegressionTests
{
    [Fact]
    public void Wine_probabilities_equal_scikit_learns_multinomial_optimum()
    {
        // tests/fixtures/multinomial_wine_optimum.json: the optimum (scikit-learn 1.2.1's fit, C = 1, standardized features,
        // polished to a gradient of 2e-10; scikit-learn's own stops at 1.6e-6). Intercepts are unpenalized, so only their
        // differences are unique; the probabilities are.
        using var expected = JsonDocument.Parse(File.ReadAllBytes(Fixtures.Path("multinomial_wine_optimum.json")));
        var (table, _) = Fixtures.Load("wine.csv");
        var inputs = FeaturePlan.Fit(table!, new HashSet<string> { "cultivar" });
        var featurizer = new Featurizer(inputs);
        var untrained = new Model(new ModelDocument
        {
            Format = ModelFormat.FormatName, FormatVersion = 1, Name = "wine", Task = "MulticlassClassification",
            Label = new LabelSpec("cultivar", InputTypes.Number, ["0", "1", "2"]), Inputs = inputs,
            Predictor = new PredictorSpec(PredictorKinds.Linear, Links.Softmax, 0, new double[featurizer.FeatureCount * 3]) { Intercepts = new double[3] },
            Training = new TrainingInfo("LogisticRegression", new Dictionary<string, string>(), 42, "t", "f", table!.RowCount),
        });
        var x = TableRows.Matrix(table, untrained);
        var y = table.Find("cultivar")!.Numbers!;
        var fit = MultinomialLogisticRegression.Fit(x, featurizer.FeatureCount, y, 3, l2: 1.0, maxIterations: 10_000, tolerance: 1e-10);
        Assert.True(fit.Solver.Converged);
        var model = new Model(untrained.Document with { Predictor = untrained.Document.Predictor with { Intercepts = fit.Intercepts, Weights = fit.Weights } });
        var rows = expected.RootElement.GetProperty("probabilities_first_rows").EnumerateArray().Select(r => r.Doubles()).ToArray();
        var sklearn = expected.RootElement.GetProperty("scikit_learn_probabilities_first_rows").EnumerateArray().Select(r => r.Doubles()).ToArray();
        var probabilities = new double[3];
        for (var r = 0; r < rows.Length; r++)
        {
            model.ScoreFeaturesClasses(x.AsSpan(r * featurizer.FeatureCount, featurizer.FeatureCount), probabilities);
            for (var k = 0; k < 3; k++)
            {
                Assert.True(Math.Abs(rows[r][k] - probabilities[k]) < 1e-7, $"row {r} class {k}: {rows[r][k]:R} vs {probabilities[k]:R}");
                Assert.True(Math.Abs(sklearn[r][k] - probabilities[k]) < 1e-4, $"scikit-learn row {r} class {k}");
            }
        }
    }
}
