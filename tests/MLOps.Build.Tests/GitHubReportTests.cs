using System.Text;
using System.Text.Json.Nodes;
using MLOps.Testing;
using Xunit;

namespace MLOps.Build.Tests;

/// <summary>
/// CI's view: a real `dotnet build` of a model project whose gate fails on dirty data, then `mlops github report`
/// against a loopback GitHub: the check run, annotations at the data lines, the sticky comment and the job summary.
/// </summary>
public class GitHubReportTests
{
    private const string Token = "ghs_e2eSECRETtoken42";
    private const string HeadSha = "feedfacefeedfacefeedfacefeedfacefeedface";

    [Fact]
    public void A_failed_gate_is_reported_once_and_reporting_again_or_from_a_folder_updates_and_creates_nothing()
    {
        using var github = new LoopbackGitHub(Token);
        using var project = FailingProjectWithDirtyData();
        var build = project.Build();
        Assert.False(build.Succeeded, build.Output);
        var eventFile = Path.Combine(project.Directory, "event.json");
        File.WriteAllText(eventFile, $$"""{ "action": "synchronize", "pull_request": { "number": 7, "head": { "sha": "{{HeadSha}}" } } }""");
        var stepSummary = Path.Combine(project.Directory, "step-summary.md");
        string[] Options(string target) => ["github", "report", target, "--api-url", github.BaseUrl, "--repository", "contoso/models",
            "--event-path", eventFile, "--run-id", "42", "--server-url", "https://github.com", "--step-summary", stepSummary];
        var environment = new Dictionary<string, string> { ["GITHUB_TOKEN"] = Token };

        var first = MlopsTool.Run(project.Directory, environment, Options(project.ProjectPath));

        Assert.Equal(1, first.ExitCode); // the gate's verdict: failed
        Assert.Contains("created check run 'MLOps: Churn' (failure", first.Output);
        var run = Assert.Single(github.CheckRuns);
        Assert.Equal(HeadSha, (string?)run["head_sha"]);
        Assert.Equal("failure", (string?)run["conclusion"]);
        var summary = (string)run["output"]!["summary"]!;
        Assert.Contains("| auc | non-inferiority |", summary);
        Assert.Contains("❌ failed |", summary);
        var annotations = run["annotations"]!.AsArray().Select(a => a!).ToArray();
        Assert.Contains(annotations, a => (string?)a["title"] == "MLOPS1030" && (string?)a["path"] == "data/train.csv" && (int?)a["start_line"] == 1005 && (int?)a["start_column"] == 19 && (string?)a["annotation_level"] == "warning");
        Assert.Contains(annotations, a => (string?)a["title"] == "MLOPS3101" && (string?)a["path"] == "Churn.mlproj" && (string?)a["annotation_level"] == "failure");
        var comment = Assert.Single(github.Comments);
        Assert.Contains("<!-- mlops:model:Churn -->", (string)comment["body"]!);
        Assert.Contains("### ❌ Churn:", File.ReadAllText(stepSummary));
        Assert.DoesNotContain(Token, first.Output + File.ReadAllText(stepSummary) + summary + comment.ToJsonString());
        var afterFirst = github.Requests.Count;

        var second = MlopsTool.Run(project.Directory, environment, Options(project.ProjectPath));
        var outputs = Path.Combine(project.Directory, "outputs-artifact");
        Directory.CreateDirectory(outputs);
        foreach (var file in Directory.GetFiles(project.OutputDirectory)) File.Copy(file, Path.Combine(outputs, Path.GetFileName(file)));
        var fromFolder = MlopsTool.Run(project.Directory, environment, Options(outputs));

        Assert.Equal(1, second.ExitCode);
        Assert.Equal(1, fromFolder.ExitCode);
        Assert.Contains("updated check run 'MLOps: Churn'", second.Output);
        Assert.Contains("updated check run 'MLOps: Churn'", fromFolder.Output);
        Assert.DoesNotContain(github.Requests.Skip(afterFirst), r => r.StartsWith("POST", StringComparison.Ordinal) || r.StartsWith("DELETE", StringComparison.Ordinal));
        Assert.Single(github.CheckRuns);
        Assert.Equal(annotations.Length, (int?)github.CheckRuns[0]["output"]!["annotations_count"]);
        Assert.Single(github.Comments);
        WriteExampleForDocs(summary, (string)github.Comments[0]["body"]!);
    }

    [Fact]
    public void Mlops_github_without_a_known_subcommand_exits_with_the_github_usage_code()
    {
        using var folder = new ModelProject(copyData: false);

        var none = MlopsTool.Run(folder.Directory, "github");
        var unknown = MlopsTool.Run(folder.Directory, "github", "publish");

        Assert.Equal(3, none.ExitCode); // 2 would read as "only inconclusive gates"
        Assert.Equal(3, unknown.ExitCode);
        Assert.Contains("error MLOPS9003: Unrecognized command or argument 'publish'", unknown.Output);
    }

    [Fact]
    public void Missing_outputs_and_settings_are_usage_errors_and_a_refused_token_only_warns_unless_strict()
    {
        using var github = new LoopbackGitHub(Token);
        using var project = new ModelProject().WithChurnProject();
        Assert.True(project.Build().Succeeded);
        string[] options = ["github", "report", project.ProjectPath, "--api-url", github.BaseUrl, "--repository", "contoso/models", "--sha", HeadSha];

        var noToken = MlopsTool.Run(project.Directory, options);
        var nothingBuilt = MlopsTool.Run(project.Directory, new Dictionary<string, string> { ["GITHUB_TOKEN"] = Token }, ["github", "report", project.DataPath("")]);
        var badToken = MlopsTool.Run(project.Directory, new Dictionary<string, string> { ["MY_TOKEN"] = "wrong-" + Token }, [.. options, "--token-variable", "MY_TOKEN"]);
        var strict = MlopsTool.Run(project.Directory, new Dictionary<string, string> { ["MY_TOKEN"] = "wrong-" + Token }, [.. options, "--token-variable", "MY_TOKEN", "--strict"]);

        Assert.Equal(3, noToken.ExitCode);
        Assert.Contains("error MLOPS5006: No token: the environment variable GITHUB_TOKEN is not set", noToken.Output);
        Assert.Equal(3, nothingBuilt.ExitCode);
        Assert.Contains("error MLOPS5007", nothingBuilt.Output);
        Assert.Equal(0, badToken.ExitCode); // the gates passed; reporting failed
        Assert.Contains("warning MLOPS5001", badToken.Output);
        Assert.DoesNotContain(Token, badToken.Output);
        Assert.Equal(4, strict.ExitCode);
    }

    [Fact]
    public void A_model_packed_with_the_tags_version_is_released_with_its_card_and_report_and_releasing_again_replaces_the_assets()
    {
        using var github = new LoopbackGitHub(Token);
        using var project = new ModelProject().WithChurnProject("<PackageId>Contoso.Models.Churn</PackageId><Version>1.0.0</Version>");
        var pack = project.Dotnet("pack", project.ProjectPath, "-p:Version=1.2.0"); // as mlops-release.yml packs on a tag
        Assert.True(pack.Succeeded, pack.Output);
        string[] options = ["github", "release", project.ProjectPath, "--tag", "v1.2.0", "-p:Version=1.2.0", "--api-url", github.BaseUrl, "--repository", "contoso/models"];
        var environment = new Dictionary<string, string> { ["GITHUB_TOKEN"] = Token };

        var first = MlopsTool.Run(project.Directory, environment, options);
        var second = MlopsTool.Run(project.Directory, environment, options);

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("created release 'v1.2.0' with 3 assets (Contoso.Models.Churn.1.2.0.nupkg, Churn.card.md, Churn.report.html)", first.Output);
        Assert.Equal(0, second.ExitCode);
        Assert.Contains("updated release 'v1.2.0' with 3 assets", second.Output);
        Assert.Contains("replacing 3", second.Output);
        var release = Assert.Single(github.Releases);
        Assert.Contains("Churn", (string)release["body"]!);
        Assert.Equal(3, github.Assets.Count);
        Assert.DoesNotContain(Token, first.Output + second.Output);
    }

    /// <summary>A project with the sample's data contract (its warnings land on data lines) whose candidate, trained on corrupted labels, fails its gate.</summary>
    private static ModelProject FailingProjectWithDirtyData()
    {
        var project = new ModelProject();
        File.WriteAllText(Path.Combine(project.Directory, "churn.schema.json"), File.ReadAllText(Path.Combine(Repository.Root, "samples", "Churn", "churn.schema.json")));
        project.WithChurnProject("<DataSchemaFile>churn.schema.json</DataSchemaFile>");
        Assert.True(project.Build().Succeeded);
        File.Copy(project.ModelPath, Path.Combine(project.Directory, "production.model.json"));
        var lines = File.ReadAllLines(project.DataPath("train.csv"));
        for (var i = 1; i < lines.Length; i += 2) // every other label flipped
            lines[i] = lines[i].EndsWith(",true") ? lines[i][..^5] + ",false" : lines[i][..^6] + ",true";
        File.WriteAllLines(project.DataPath("train.csv"), lines);
        return project.WithChurnProject("<DataSchemaFile>churn.schema.json</DataSchemaFile><BaselineModelPath>production.model.json</BaselineModelPath>", """
            <ModelGate Include="auc" MaxDecrease="0.005" />
            <ModelGate Include="accuracy" Minimum="0.6" />
            <SliceColumn Include="region" MinimumRows="200" />
            <FairnessGate Include="gender" Metric="demographic_parity_ratio" Minimum="0.8" />
            """);
    }

    /// <summary>docs/github-example.md shows what this test posted; regenerated when MLOPS_REGENERATE_DOCS=1.</summary>
    private static void WriteExampleForDocs(string checkRunSummary, string comment)
    {
        if (Environment.GetEnvironmentVariable("MLOPS_REGENERATE_DOCS") != "1") return;
        var text = new StringBuilder()
            .AppendLine("# What `mlops github report` posts: a real example")
            .AppendLine()
            .AppendLine("Written by `GitHubReportTests` (`MLOPS_REGENERATE_DOCS=1`) from a real `dotnet build` of a churn model whose")
            .AppendLine("candidate was trained on half-flipped labels, with the sample's data contract. See [github.md](github.md).")
            .AppendLine()
            .AppendLine("## The check run's summary (`MLOps: Churn`)")
            .AppendLine()
            .AppendLine(checkRunSummary.TrimEnd())
            .AppendLine()
            .AppendLine("## The sticky pull-request comment")
            .AppendLine()
            .AppendLine(comment.TrimEnd());
        File.WriteAllText(Path.Combine(Repository.Root, "docs", "github-example.md"), text.ToString());
    }
}
