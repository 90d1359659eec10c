using Xunit;

namespace MLOps.Build.Tests;

/// <summary>`dotnet new mlproj` gives a model project that builds.</summary>
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
}
