using System.Text.Json;
using Xunit;

namespace MLOps.Build.Tests;

/// <summary>A regression model built, evaluated and gated by dotnet build.</summary>
public class RegressionBuildTests
{
    private static ModelProject DiabetesProject(string extraProperties = "", string extraItems = "", string trainer = "<Trainer>LinearRegression</Trainer>")
    {
        var project = new ModelProject("Progression", copyData: false);
        File.Copy(Path.Combine(Repository.Root, "tests", "fixtures", "diabetes.csv"), project.DataPath("diabetes.csv"));
        project.WithProject($"""
              <PropertyGroup>
                <ModelTask>Regression</ModelTask>
                {trainer}
                <LabelColumn>progression</LabelColumn>
                {extraProperties}
              </PropertyGroup>
              <ItemGroup>
                <TrainingData Include="data/diabetes.csv" />
                <TrainerParameter Include="L2" Value="1" />
                {extraItems}
              </ItemGroup>
            """);
        return project;
    }

    [Fact]
    public void A_regression_model_trains_evaluates_and_passes_its_gates_against_an_equal_baseline()
    {
        const string gates = """
            <ModelGate Include="r2" Minimum="0.3" />
            <ModelGate Include="rmse" MaxDecrease="5" />
            <ModelGate Include="mae" MaxDecrease="5" />
            """;
        using var project = DiabetesProject(extraItems: gates);
        var first = project.Build();
        Assert.True(first.Succeeded, first.Output);
        Assert.Contains("Progression: trained LinearRegression on", first.Output);
        using (var metrics = JsonDocument.Parse(File.ReadAllText(project.MetricsPath)))
        {
            Assert.InRange(metrics.RootElement.GetProperty("metrics").GetProperty("r2").GetDouble(), 0.3, 0.7);
            Assert.True(metrics.RootElement.GetProperty("heldOut").GetBoolean());
        }

        File.Copy(project.ModelPath, Path.Combine(project.Directory, "production.model.json"));
        project.WithProject(File.ReadAllText(project.ProjectPath).Replace("<Project Sdk=\"MLOps.Build.Sdk\">", "").Replace("</Project>", "")
            .Replace("<LabelColumn>", "<BaselineModelPath>production.model.json</BaselineModelPath><LabelColumn>"));
        var second = project.Build();

        Assert.True(second.Succeeded, second.Output);
        Assert.Contains("Progression: 3 of 3 gates passed", second.Output);
        Assert.Contains("<h2>Metrics on", File.ReadAllText(Path.Combine(project.OutputDirectory, "Progression.report.html")));
    }

    [Fact]
    public void A_regression_project_without_a_trainer_trains_linear_regression()
    {
        using var project = DiabetesProject(trainer: "");

        var result = project.Build();

        Assert.True(result.Succeeded, result.Output);
        Assert.Contains("Progression: trained LinearRegression on", result.Output);
    }

    [Fact]
    public void A_trainer_for_another_task_is_a_coded_error()
    {
        using var project = DiabetesProject(trainer: "<Trainer>LogisticRegression</Trainer>");

        var result = project.Build();

        Assert.False(result.Succeeded);
        Assert.Contains("error MLOPS2003: Trainer 'LogisticRegression' does not train Regression models; use LinearRegression, GradientBoostedTrees or External.", result.Output);
    }
}
