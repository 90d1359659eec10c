using Xunit;

namespace MLOps.Build.Tests;

/// <summary>`dotnet new mlproj` gives a model project that builds; `dotnet new mlops-github` gives workflows GitHub accepts.</summary>
public class TemplateTests
{
    [Fact]
    public void New_model_project_from_the_template_builds_its_model()
    {
        using var project = new ModelProject("Churn");
        var templates = Directory.GetFiles(Repository.PackageFeed, "MLOps.Build.Templates.*.nupkg").Single();
        var hive = Path.Combine(project.Directory, ".hive"); // an isolated template store: the user's is left alone

        var install = project.Dotnet("new", "install", templates, "--debug:custom-hive", hive);
        var create = project.Dotnet("new", "mlproj", "-n", "Churn", "-o", project.Directory, "--label-column", "churned", "--debug:custom-hive", hive);
        var build = project.Build();
        var solution = project.Dotnet("new", "sln", "--format", "sln", "-n", "Models", "-o", project.Directory);
        var addToSolution = project.Dotnet("sln", Path.Combine(project.Directory, "Models.sln"), "add", project.ProjectPath);

        Assert.True(install.Succeeded, install.ToString());
        Assert.True(create.Succeeded, create.ToString());
        Assert.Contains("<LabelColumn>churned</LabelColumn>", File.ReadAllText(project.ProjectPath));
        Assert.Contains($"Sdk=\"MLOps.Build.Sdk/{Repository.Version}\"", File.ReadAllText(project.ProjectPath));
        Assert.True(build.Succeeded, build.ToString());
        Assert.True(File.Exists(project.ModelPath));
        Assert.True(solution.Succeeded, solution.ToString());
        Assert.True(addToSolution.Succeeded, addToSolution.ToString()); // .mlproj is a known project type (DefaultProjectTypeGuid)
        Assert.Contains("Churn.mlproj", File.ReadAllText(Path.Combine(project.Directory, "Models.sln")));
    }

    [Fact]
    public void New_github_workflows_name_the_project_and_the_packed_tool_and_pass_actionlint()
    {
        using var project = new ModelProject("Churn", copyData: false);
        var templates = Directory.GetFiles(Repository.PackageFeed, "MLOps.Build.Templates.*.nupkg").Single();
        var hive = Path.Combine(project.Directory, ".hive");

        var install = project.Dotnet("new", "install", templates, "--debug:custom-hive", hive);
        var create = project.Dotnet("new", "mlops-github", "-o", project.Directory, "--model-directory", "models/Churn", "--model-name", "Churn", "--debug:custom-hive", hive);

        Assert.True(install.Succeeded, install.ToString());
        Assert.True(create.Succeeded, create.ToString());
        var workflows = Path.Combine(project.Directory, ".github", "workflows");
        Assert.Equal(["mlops-pr-report.yml", "mlops-pr.yml", "mlops-release.yml", "mlops-retrain.yml"],
            Directory.GetFiles(workflows).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        var pr = File.ReadAllText(Path.Combine(workflows, "mlops-pr.yml"));
        Assert.Contains("run: mlops github report models/Churn/Churn.mlproj", pr);
        Assert.Contains($"dotnet tool install --global MLOps.Cli --version {Repository.Version}", pr);
        Assert.Contains("checks: write", pr);
        Assert.Contains("workflow_run:", File.ReadAllText(Path.Combine(workflows, "mlops-pr-report.yml")));
        Assert.Contains("run: mlops github release models/Churn/Churn.mlproj", File.ReadAllText(Path.Combine(workflows, "mlops-release.yml")));
        Assert.Equal("", Actionlint.Check(Directory.GetFiles(workflows)));
    }
}
