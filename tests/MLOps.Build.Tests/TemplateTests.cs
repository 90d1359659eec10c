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

        var workflows = NewWorkflows(project);

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
        var all = string.Join("\n", Directory.GetFiles(workflows).Select(File.ReadAllText));
        var versions = all.Split('\n').Where(l => l.Contains("dotnet-version:", StringComparison.Ordinal)).ToArray();
        Assert.Equal(5, versions.Length); // every setup-dotnet
        Assert.All(versions, v => Assert.Matches(@"dotnet-version: \d+\.\d+\.\d+ ", v)); // pinned, not floating
        Assert.DoesNotContain("bin/Debug", all); // output folders come from the project's properties
        Assert.Equal("", Actionlint.Check(Directory.GetFiles(workflows)));
    }

    [Fact]
    public void The_model_output_cache_key_is_a_hash_of_the_files_the_build_reads_so_a_one_byte_data_change_misses_it()
    {
        using var project = new ModelProject().WithChurnProject();
        var pr = File.ReadAllText(Path.Combine(NewWorkflows(project), "mlops-pr.yml"));
        Assert.Contains("key: mlops-${{ matrix.model }}-${{ runner.os }}-${{ steps.inputs.outputs.hash }}", pr);
        var script = StepScript(pr, "- id: inputs");

        var first = RunStep(project, script);
        var again = RunStep(project, script);
        project.EditData("train.csv", "C01000000,34,", "C01000000,35,");
        var changed = RunStep(project, script);

        Assert.Matches("^[0-9a-f]{64}$", first["hash"]);
        Assert.Equal(first["hash"], again["hash"]);
        Assert.NotEqual(first["hash"], changed["hash"]);
        Assert.Equal(project.OutputDirectory, first["outputs"].Trim()); // the folder the project says it writes to
    }

    [Fact]
    public void The_fork_publisher_reports_nothing_and_succeeds_when_the_pull_request_changed_no_model()
    {
        // An empty matrix uploads no outputs folder: the publisher's loop must not run once over the literal "outputs/*/".
        var workflow = File.ReadAllText(Path.Combine(Repository.Root, "templates", "content", "mlops-github", ".github", "workflows", "mlops-pr-report.yml"));
        var lines = workflow.Split('\n');
        var loop = Array.FindIndex(lines, l => l.Contains("for folder in outputs/*/", StringComparison.Ordinal));
        var run = Array.FindLastIndex(lines, loop, l => l.TrimEnd().EndsWith("run: |", StringComparison.Ordinal));
        var indent = lines[run + 1].Length - lines[run + 1].TrimStart().Length;
        var script = string.Join("\n", lines.Skip(run + 1).TakeWhile(l => l.Trim().Length == 0 || l.Length - l.TrimStart().Length >= indent).Select(l => l.Length >= indent ? l[indent..] : ""));
        var empty = Directory.CreateTempSubdirectory("mlops-publisher-").FullName;
        try
        {
            var start = new System.Diagnostics.ProcessStartInfo("bash", ["-e", "-c", script]) { WorkingDirectory = empty, RedirectStandardOutput = true, RedirectStandardError = true };
            start.Environment["PATH"] = "/usr/bin:/bin"; // no mlops: the step must not need it when there is nothing to report
            var result = new RunningCommand(start, "bash").WaitForExit(TimeSpan.FromMinutes(1));
            Assert.True(result.Succeeded, result.ToString());
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }

    /// <summary>Installs the packed templates in a private hive and adds the GitHub workflows to the project's folder.</summary>
    internal static string NewWorkflows(ModelProject project)
    {
        var templates = Directory.GetFiles(Repository.PackageFeed, "MLOps.Build.Templates.*.nupkg").Single();
        var hive = Path.Combine(project.Directory, ".hive");
        var install = project.Dotnet("new", "install", templates, "--debug:custom-hive", hive);
        var create = project.Dotnet("new", "mlops-github", "-o", project.Directory, "--model-directory", "models/Churn", "--model-name", "Churn", "--debug:custom-hive", hive);
        Assert.True(install.Succeeded, install.ToString());
        Assert.True(create.Succeeded, create.ToString());
        return Path.Combine(project.Directory, ".github", "workflows");
    }

    /// <summary>The shell script of the step that starts with <paramref name="stepStart"/>: its <c>run: |</c> block, unindented.</summary>
    internal static string StepScript(string workflow, string stepStart)
    {
        var lines = workflow.Split('\n');
        var step = Array.FindIndex(lines, l => l.Trim() == stepStart);
        var run = Array.FindIndex(lines, step, l => l.Trim() == "run: |");
        var indent = lines[run + 1].Length - lines[run + 1].TrimStart().Length;
        return string.Join("\n", lines.Skip(run + 1).TakeWhile(l => l.Trim().Length == 0 || l.Length - l.TrimStart().Length >= indent).Select(l => l.Length >= indent ? l[indent..] : ""));
    }

    /// <summary>Runs a step's script as a runner does (bash -e) in the project's folder; what it wrote to GITHUB_OUTPUT.</summary>
    private static Dictionary<string, string> RunStep(ModelProject project, string script)
    {
        var temp = Directory.CreateTempSubdirectory("mlops-runner-").FullName;
        try
        {
            var output = Path.Combine(temp, "github-output");
            var start = new System.Diagnostics.ProcessStartInfo("bash", ["-e", "-c", script]) { WorkingDirectory = project.Directory, RedirectStandardOutput = true, RedirectStandardError = true };
            start.Environment["PROJECT"] = "Churn.mlproj";
            start.Environment["RUNNER_TEMP"] = temp;
            start.Environment["GITHUB_OUTPUT"] = output;
            start.Environment["NUGET_PACKAGES"] = Repository.PackagesFolder;
            start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
            var result = new RunningCommand(start, "bash").WaitForExit(TimeSpan.FromMinutes(5));
            Assert.True(result.Succeeded, result.ToString());
            var values = new Dictionary<string, string>();
            var lines = File.ReadAllLines(output);
            for (var i = 0; i < lines.Length; i++)
            {
                if (lines[i].Split("<<", 2) is [var name, var delimiter])
                {
                    var end = Array.IndexOf(lines, delimiter, i + 1);
                    values[name] = string.Join("\n", lines[(i + 1)..end]);
                    i = end;
                }
                else if (lines[i].Split('=', 2) is [var key, var value]) values[key] = value;
            }
            return values;
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
    }
}
