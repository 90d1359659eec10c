using MLOps.Engine.Pipeline;
using MLOps.Engine.Profiles;
using MLOps.Runtime;
using MLOps.Runtime.Monitoring;
using Xunit;

namespace MLOps.Engine.Tests;

/// <summary>The build's reference profile: what the evaluation data and the model's scores on it look like, recorded and byte-deterministic.</summary>
public sealed class ReferenceProfileTests : IDisposable
{
    private readonly string _output = Path.Combine(Path.GetTempPath(), $"mlops-profile-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_output)) Directory.Delete(_output, recursive: true);
    }

    private ModelSpec Spec(string folder, string training, string label, string? evaluation = null)
    {
        string Out(string name) => Path.Combine(_output, folder, name);
        return new ModelSpec
        {
            Name = "T",
            ProjectFile = "T.mlproj",
            LabelColumn = label,
            TrainingData = [Fixtures.File(training)],
            EvaluationData = evaluation is null ? [] : [Fixtures.File(evaluation)],
            ExcludeColumns = training.StartsWith("churn", StringComparison.Ordinal) ? ["customer_id"] : [],
            Outputs = new ModelOutputs(Out("T.model.json"), Out("T.metrics.json"), Out("T.report.md"), Out("T.fingerprint.json"), Out("T.gate.json"), Out("T.report.html")),
        };
    }

    private static ScoringProfile Build(ModelSpec spec)
    {
        var fingerprint = Fingerprint.Compute(spec);
        var trained = ModelBuild.Train(spec, fingerprint);
        Assert.True(trained.Succeeded, string.Join("\n", trained.Diagnostics));
        var evaluated = ModelBuild.Evaluate(spec, fingerprint);
        Assert.True(evaluated.Succeeded, string.Join("\n", evaluated.Diagnostics));
        return ProfileFormat.Read(spec.Outputs.ProfilePath);
    }

    [Fact]
    public void A_binary_model_gets_column_bins_categories_calibration_and_metrics_of_its_evaluation_rows()
    {
        var spec = Spec("a", "churn_train.csv", "churned", "churn_test.csv");
        var profile = Build(spec);

        var metrics = Reports.MetricsFile.Read(spec.Outputs.MetricsPath);
        Assert.Equal((ProfileKinds.Reference, 4000L, PredictionKinds.Probability), (profile.Kind, profile.Rows, profile.Predictions.Kind));
        Assert.Equal(metrics.Metrics, profile.Metrics!);
        Assert.Equal(ModelFormat.FromBytes(File.ReadAllBytes(spec.Outputs.ModelPath), "m").Training.Fingerprint, profile.Model.Fingerprint);
        var tenure = profile.Columns.Single(c => c.Name == "tenure_months");
        Assert.InRange(tenure.Histogram!.Edges.Count, 10, 19);
        Assert.Equal(4000 - tenure.Missing, tenure.Histogram.Counts.Sum());
        var contract = profile.Columns.Single(c => c.Name == "contract");
        Assert.Equal(["month-to-month", "one-year", "two-year"], contract.Categories!.Values.Order());
        Assert.Equal(0, contract.Categories.Other);
        // The calibration table: positives per probability bin add up to the positive labels.
        var positives = File.ReadLines(Fixtures.Path("churn_test.csv")).Count(l => l.EndsWith(",true", StringComparison.Ordinal));
        Assert.Equal(positives, profile.Predictions.Positives!.Sum());
        Assert.True(new FileInfo(spec.Outputs.ProfilePath).Length < 4096 * profile.Columns.Count, "a few KB per column");
    }

    [Fact]
    public void The_same_inputs_give_the_same_bytes()
    {
        var first = Spec("a", "churn_train.csv", "churned", "churn_test.csv");
        var second = Spec("b", "churn_train.csv", "churned", "churn_test.csv");
        Build(first);
        Build(second);

        Assert.Equal(File.ReadAllBytes(first.Outputs.ProfilePath), File.ReadAllBytes(second.Outputs.ProfilePath));
    }

    [Fact]
    public void Multiclass_and_regression_models_profile_their_predictions()
    {
        var iris = Build(Spec("iris", "iris.csv", "species") with { Task = "MulticlassClassification" });
        Assert.Equal(PredictionKinds.Classes, iris.Predictions.Kind);
        Assert.Equal(iris.Rows, iris.Predictions.Classes!.Sum(c => c.Predicted));
        Assert.Equal(iris.Rows, iris.Predictions.Classes!.Sum(c => c.Positives!.Sum())); // every row's label is one class

        var diabetes = Build(Spec("diabetes", "diabetes.csv", "progression") with { Task = "Regression" });
        Assert.Equal(PredictionKinds.Value, diabetes.Predictions.Kind);
        Assert.InRange(diabetes.Predictions.Histogram!.Edges.Count, 15, 19);
        Assert.Null(diabetes.Predictions.Positives);
    }

    [Fact]
    public void Data_counted_on_the_reference_bins_compares_bin_by_bin_and_merges()
    {
        var spec = Spec("a", "churn_train.csv", "churned", "churn_test.csv");
        var reference = Build(spec);
        var model = Model.Load(spec.Outputs.ModelPath);
        var (table, _) = Fixtures.Load("churn_current_drifted.csv");
        var scores = ModelBuild.Score(model, table!);

        var current = TableProfile.Count(reference, model.Document, table!, scores);

        Assert.Equal(ProfileKinds.Scored, current.Kind);
        Assert.Equal(reference.Columns.Select(c => c.Histogram?.Edges), current.Columns.Select(c => c.Histogram?.Edges));
        Assert.Equal(8000, ScoringProfile.Merge(current, current).Rows);
    }

    [Fact]
    public void An_edited_profile_no_longer_matches_the_build_record()
    {
        var spec = Spec("a", "churn_train.csv", "churned", "churn_test.csv");
        Build(spec);
        File.AppendAllText(spec.Outputs.ProfilePath, " ");

        var check = Packing.PackedOutputs.Check(spec, Fingerprint.Compute(spec));

        Assert.Contains(check.Diagnostics, d => d.File == spec.Outputs.ProfilePath);
    }
}
