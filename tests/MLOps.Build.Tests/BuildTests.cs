using System.Text.Json;
using MLOps.Runtime;
using Xunit;

namespace MLOps.Build.Tests;

/// <summary>What a developer sees when they run `dotnet build` on a model project.</summary>
public class BuildTests
{
    [Fact]
    public void Build_validates_trains_evaluates_and_writes_model_metrics_and_report()
    {
        using var project = new ModelProject().WithChurnProject();

        var result = project.Build();

        Assert.True(result.Succeeded, result.ToString());
        Assert.Contains("Churn: 8,000 training rows", result.Output);
        Assert.Contains("Churn: trained LogisticRegression on 8,000 rows", result.Output);
        Assert.Contains(project.ModelPath, result.Output);
        var model = Model.Load(project.ModelPath);
        Assert.Equal("churned", model.Document.Label.Name);
        Assert.Equal(["false", "true"], model.Document.Label.Classes);
        Assert.DoesNotContain(model.Document.Inputs, i => i.Name == "customer_id");
        using var metrics = JsonDocument.Parse(File.ReadAllText(project.MetricsPath));
        var auc = metrics.RootElement.GetProperty("metrics").GetProperty("auc").GetDouble();
        Assert.InRange(auc, 0.75, 1.0);
        Assert.Equal(4000, metrics.RootElement.GetProperty("rows").GetInt32());
        Assert.Contains("| auc |", File.ReadAllText(project.ReportPath));
    }

    [Fact]
    public void Output_paths_are_readable_with_getProperty()
    {
        using var project = new ModelProject().WithChurnProject();

        var result = project.Dotnet("msbuild", project.ProjectPath, "-getProperty:ModelOutputPath", "-getProperty:ModelMetricsPath", "-getProperty:ModelReportPath");

        Assert.True(result.Succeeded, result.ToString());
        using var json = JsonDocument.Parse(result.Output[result.Output.IndexOf('{')..]);
        var properties = json.RootElement.GetProperty("Properties");
        Assert.Equal(project.ModelPath, properties.GetProperty("ModelOutputPath").GetString());
        Assert.Equal(project.MetricsPath, properties.GetProperty("ModelMetricsPath").GetString());
        Assert.Equal(project.ReportPath, properties.GetProperty("ModelReportPath").GetString());
    }

    [Fact]
    public void Without_evaluation_data_a_seeded_fifth_of_the_training_rows_is_held_out()
    {
        using var project = new ModelProject().WithProject("""
              <PropertyGroup><LabelColumn>churned</LabelColumn></PropertyGroup>
              <ItemGroup><TrainingData Include="data/train.csv" /></ItemGroup>
            """);

        var result = project.Build("-v:n");

        Assert.True(result.Succeeded, result.ToString());
        using var metrics = JsonDocument.Parse(File.ReadAllText(project.MetricsPath));
        Assert.True(metrics.RootElement.GetProperty("heldOut").GetBoolean());
        Assert.InRange(metrics.RootElement.GetProperty("rows").GetInt32(), 1400, 1800);
        Assert.Contains("message MLOPS1022: Column 'customer_id' looks like an identifier", result.Output);
    }

    [Fact]
    public void Ordinary_project_with_a_PackageReference_builds_its_model_too()
    {
        using var project = new ModelProject("ChurnLibrary");
        project.WithProject($"""
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <LabelColumn>churned</LabelColumn>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="MLOps.Build" Version="{Repository.Version}" />
                <TrainingData Include="data/train.csv" />
                <EvaluationData Include="data/test.csv" />
              </ItemGroup>
            """, sdk: "Microsoft.NET.Sdk", extension: ".csproj");

        var result = project.Dotnet("build", Path.Combine(project.Directory, "ChurnLibrary.csproj"));

        Assert.True(result.Succeeded, result.ToString());
        Assert.True(File.Exists(Path.Combine(project.Directory, "bin", "Debug", "net10.0", "ChurnLibrary.model.json")), result.Output);
    }

    [Fact]
    public void A_model_project_builds_in_a_repository_with_central_package_management()
    {
        using var project = new ModelProject().WithChurnProject();
        File.WriteAllText(Path.Combine(project.Directory, "Directory.Packages.props"),
            "<Project><PropertyGroup><ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally></PropertyGroup></Project>");

        var result = project.Build();

        Assert.True(result.Succeeded, result.Output);
        Assert.True(File.Exists(project.ModelPath));
    }

    [Fact]
    public void Clean_removes_what_the_build_wrote()
    {
        using var project = new ModelProject().WithChurnProject();
        Assert.True(project.Build().Succeeded);

        var result = project.Dotnet("clean", project.ProjectPath);

        Assert.True(result.Succeeded, result.ToString());
        Assert.False(File.Exists(project.ModelPath));
        Assert.False(File.Exists(project.MetricsPath));
        Assert.False(File.Exists(project.ReportPath));
    }

    [Fact]
    public void Same_inputs_give_byte_identical_model_files_in_different_folders()
    {
        using var first = new ModelProject().WithChurnProject();
        using var second = new ModelProject().WithChurnProject();

        Assert.True(first.Build().Succeeded);
        Assert.True(second.Build().Succeeded);

        Assert.Equal(File.ReadAllBytes(first.ModelPath), File.ReadAllBytes(second.ModelPath));
        Assert.Equal(File.ReadAllBytes(first.MetricsPath), File.ReadAllBytes(second.MetricsPath));
    }
}
