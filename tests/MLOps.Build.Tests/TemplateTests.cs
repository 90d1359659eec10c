using Xunit;

namespace MLOps.Build.Tests;

/// <summary>`dotnet new mlproj` gives a model project that builds; `dotnet new mlops-github` gives workflows GitHub accepts.</summary>
public class TemplateTests
{
    [Fact]
    public void New_model_project_from_the_template_builds_its_model()
    {
        using var project = new ModelProject("Churn");

        var create = NewFromTemplate(project, "--label-column", "churned");
        var build = project.Build();
        var solution = project.Dotnet("new", "sln", "--format", "sln", "-n", "Models", "-o", project.Directory);
        var addToSolution = project.Dotnet("sln", Path.Combine(project.Directory, "Models.sln"), "add", project.ProjectPath);

        Assert.True(create.Succeeded, create.ToString());
        Assert.Contains("<LabelColumn>churned</LabelColumn>", File.ReadAllText(project.ProjectPath));
        Assert.Contains($"Sdk=\"MLOps.Build.Sdk/{Repository.Version}\"", File.ReadAllText(project.ProjectPath));
        Assert.True(build.Succeeded, build.ToString());
        Assert.True(File.Exists(project.ModelPath));
        Assert.True(solution.Succeeded, solution.ToString());
        Assert.True(addToSolution.Succeeded, addToSolution.ToString()); // .mlproj is a known project type (DefaultProjectTypeGuid)
        Assert.Contains("Churn.mlproj", File.ReadAllText(Path.Combine(project.Directory, "Models.sln")));
    }

    [Theory]
    [InlineData("BinaryClassification", "breast_cancer.csv", "benign", "LogisticRegression")]
    [InlineData("MulticlassClassification", "iris.csv", "species", "LogisticRegression")]
    [InlineData("Regression", "diabetes.csv", "progression", "LinearRegression")]
    public void A_project_from_the_template_builds_green_on_its_first_build_for_every_task(string task, string data, string label, string trainer)
    {
        using var project = new ModelProject("Model", copyData: false);
        File.Copy(Path.Combine(Repository.Root, "tests", "fixtures", data), project.DataPath("train.csv"));

        var create = NewFromTemplate(project, "--task", task, "--label-column", label);
        var build = project.Build();

        Assert.True(create.Succeeded, create.ToString());
        Assert.Contains($"<Trainer>{trainer}</Trainer>", File.ReadAllText(project.ProjectPath));
        Assert.True(build.Succeeded, build.ToString());
        Assert.Contains($"Model: trained {trainer} on", build.Output);
        Assert.Contains("0 Warning(s)", build.Output);
        Assert.True(File.Exists(project.ModelPath));
    }

    [Fact]
    public void The_template_brings_a_gitignore_and_a_readme_whose_steps_put_the_first_model_in_production()
    {
        using var project = new ModelProject("Churn");
        var create = NewFromTemplate(project, "--label-column", "churned");
        Assert.True(create.Succeeded, create.ToString());
        Assert.Equal(["bin/", "obj/"], File.ReadAllLines(Path.Combine(project.Directory, ".gitignore")));
        var readme = File.ReadAllText(Path.Combine(project.Directory, "README.md"));
        Assert.Contains("cp bin/Debug/net8.0/Churn.model.json production/Churn.model.json", readme);
        var first = project.Build();
        Assert.True(first.Succeeded, first.ToString());

        // The README's steps: copy the model to production/, then uncomment BaselineModelPath and the ModelGate.
        Directory.CreateDirectory(Path.Combine(project.Directory, "production"));
        File.Copy(project.ModelPath, Path.Combine(project.Directory, "production", "Churn.model.json"));
        File.WriteAllText(project.ProjectPath, File.ReadAllText(project.ProjectPath)
            .Replace("<!-- <BaselineModelPath>production/Churn.model.json</BaselineModelPath> -->", "<BaselineModelPath>production/Churn.model.json</BaselineModelPath>")
            .Replace("<!-- <ModelGate Include=\"auc\" MaxDecrease=\"0\" /> -->", "<ModelGate Include=\"auc\" MaxDecrease=\"0\" />"));
        var second = project.Build();

        Assert.True(second.Succeeded, second.ToString());
        Assert.Contains("Churn: 1 of 1 gates passed", second.Output);
    }

    [Fact]
    public void The_label_option_does_not_clash_with_dotnet_new_options()
    {
        using var project = new ModelProject("Churn", copyData: false);
        var hive = Install(project);

        var help = project.Dotnet("new", "mlproj", "--help", "--debug:custom-hive", hive);

        Assert.True(help.Succeeded, help.ToString());
        Assert.Contains("  --label-column <label-column>", help.Output);
        Assert.DoesNotContain("-p:", help.Output); // what dotnet new prints for a short name taken by one of its own (-l is --list)
    }

    /// <summary>Installs the packed templates into an isolated template store (the user's is left alone) and runs `dotnet new mlproj`.</summary>
    private static CommandResult NewFromTemplate(ModelProject project, params string[] options) =>
        project.Dotnet(["new", "mlproj", "-n", project.Name, "-o", project.Directory, .. options, "--debug:custom-hive", Install(project)]);

    private static string Install(ModelProject project)
    {
        var templates = Directory.GetFiles(Repository.PackageFeed, "MLOps.Build.Templates.*.nupkg").Single();
        var hive = Path.Combine(project.Directory, ".hive");
        var install = project.Dotnet("new", "install", templates, "--debug:custom-hive", hive);
        Assert.True(install.Succeeded, install.ToString());
        return hive;
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
        Assert.Contains("mlops github matrix . --changed", pr); // each model on its own runner, reporting itself
        Assert.Contains("fetch-depth: 0", pr);
        Assert.Contains("matrix: ${{ fromJSON(needs.models.outputs.matrix) }}", pr);
        Assert.Contains("run: mlops github report \"$PROJECT\"", pr);
        Assert.Contains("name: mlops-outputs-${{ matrix.model }}", pr);
        Assert.Equal(2, pr.Split("persist-credentials: false").Length - 1); // both jobs that check out the pull request's code
        Assert.Contains($"dotnet tool install --global MLOps.Cli --version {Repository.Version}", pr);
        Assert.Contains("checks: write", pr);
        var report = File.ReadAllText(Path.Combine(workflows, "mlops-pr-report.yml"));
        Assert.Contains("workflow_run:", report);
        Assert.Contains("pattern: mlops-outputs-*", report);
        Assert.Contains("for folder in outputs/*/; do", report);
        Assert.Contains("run: mlops github release models/Churn/Churn.mlproj -p:Version=\"${GITHUB_REF_NAME#v}\"", File.ReadAllText(Path.Combine(workflows, "mlops-release.yml")));
        Assert.Equal("", Actionlint.Check(Directory.GetFiles(workflows)));
    }
}
