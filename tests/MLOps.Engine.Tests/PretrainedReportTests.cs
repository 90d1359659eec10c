using MLOps.Engine.Reports;
using MLOps.Runtime;
using Xunit;

namespace MLOps.Engine.Tests;

/// <summary>The report of a model the build took as a PretrainedModel says so, instead of "0 rows".</summary>
public class PretrainedReportTests
{
    private static readonly MetricsFile Metrics = new("Churn", "BinaryClassification", "churned", "true", ["data/test.csv"], false, 10,
        new Dictionary<string, double?> { ["auc"] = 0.8 });

    [Theory]
    [InlineData(null, 8000, "- data: `data/train.csv`, 8,000 rows")]
    [InlineData("external", 0, "- not trained by this build: a pretrained model (PretrainedModel), so no training rows")] // an ML.NET .zip
    [InlineData("external", 8000, "- not trained by this build: a pretrained model (PretrainedModel), trained elsewhere on 8,000 rows")] // an MLOps model file
    public void The_report_says_whether_the_build_trained_the_model_and_on_how_many_rows(string? trainedBy, int rows, string line)
    {
        var model = ModelFormat.FromBytes(File.ReadAllBytes(Fixtures.Path("onnx/binary-trees.model.json")), "binary-trees");
        model = model with { Training = model.Training with { TrainedBy = trainedBy, TrainingRows = rows } };

        var report = MarkdownReport.Render(model, Metrics, ["data/train.csv"]);

        Assert.Contains(line + "\n", report.ReplaceLineEndings("\n"));
        Assert.Equal(trainedBy is null, report.Contains("- data: "));
    }
}
