using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Xunit;
using Xunit.Abstractions;

namespace MLOps.Build.Tests;

/// <summary>
/// <c>mlops diff</c> with a model project's last build as one side (read without building), and Ctrl+C in an mlops
/// command: one line, exit code 130, nothing partial written.
/// </summary>
public class DiffProjectTests(ITestOutputHelper log)
{
    private static readonly string Id = "Contoso.Models.DiffProject" + Guid.NewGuid().ToString("N")[..8]; // a fresh id: versions are cached by id

    private static ModelProject Churn(string version = "1.0.0") => new ModelProject().WithChurnProject($"<PackageId>{Id}</PackageId><Version>{version}</Version>");

    /// <summary>Replaces every training label with noise (same base rate, no relation to the inputs): the model learns nothing.</summary>
    private static void ScrambleLabels(ModelProject project)
    {
        var random = new Random(7);
        var lines = File.ReadAllLines(project.DataPath("train.csv"));
        for (var i = 1; i < lines.Length; i++)
            lines[i] = lines[i][..lines[i].LastIndexOf(',')] + (random.Next(4) == 0 ? ",true" : ",false");
        File.WriteAllLines(project.DataPath("train.csv"), lines);
    }

    [Fact]
    public void Diff_of_the_production_version_and_a_projects_last_build_names_the_worse_metric_and_a_never_built_project_is_a_coded_error()
    {
        var feed = Path.Combine(Path.GetTempPath(), "mlops-e2e-feeds", Guid.NewGuid().ToString("N")[..12]);
        using var project = Churn();
        var published = project.Build("-t:PublishModel", $"-p:ModelPublishSource={feed}");
        Assert.True(published.Succeeded, published.Output);

        // The candidate: the same project, trained on labels that say nothing, rebuilt; the diff reads its outputs, building nothing.
        ScrambleLabels(project);
        var rebuilt = project.Build();
        Assert.True(rebuilt.Succeeded && rebuilt.Trained, rebuilt.ToString());
        var model = File.ReadAllBytes(project.ModelPath);
        var diff = MlopsTool.Run(project.Directory, "diff", $"{Id}@1.0.0", ".", "--source", feed);
        log.WriteLine(diff.Output);
        Assert.Equal(4, diff.ExitCode);
        Assert.Contains($"Metrics on data/test.csv (4000 rows)", diff.StandardOutput); // B's EvaluationData, from its project
        Assert.Contains($"{Id} last build is significantly worse than {Id} 1.0.0 on auc", diff.StandardOutput);
        Assert.Contains("training data data/train.csv", diff.StandardOutput); // its hash as built changed
        Assert.DoesNotContain("evaluation data data/test.csv", diff.StandardOutput);
        Assert.DoesNotContain("MLOPS9001", diff.Output);
        Assert.Equal(model, File.ReadAllBytes(project.ModelPath));

        var json = MlopsTool.Run(project.Directory, "diff", $"{Id}@1.0.0", project.ProjectPath, "--source", feed, "--json");
        Assert.Equal(4, json.ExitCode);
        var result = JsonDocument.Parse(json.StandardOutput).RootElement;
        Assert.Equal($"{Id} last build", result.GetProperty("b").GetString());
        Assert.Equal("Failed", result.GetProperty("metrics").EnumerateArray().Single(m => m.GetProperty("metric").GetString() == "auc").GetProperty("outcome").GetString());

        // Data edited since the build: the last build is still compared, with a warning that it is stale.
        project.EditData("test.csv", "C02000002,7,", "C02000002,8,");
        var stale = MlopsTool.Run(project.Directory, "diff", $"{Id}@1.0.0", ".", "--source", feed);
        Assert.Equal(4, stale.ExitCode);
        Assert.Contains("warning MLOPS5027", stale.Output);

        using var never = Churn();
        var unbuilt = MlopsTool.Run(never.Directory, "diff", $"{Id}@1.0.0", ".", "--source", feed);
        Assert.Equal(1, unbuilt.ExitCode);
        Assert.Contains("error MLOPS5025: Model 'Churn' has no last build to compare: it has not been built yet. Run dotnet build first.", unbuilt.Output);
        Assert.DoesNotContain("MLOPS9001", unbuilt.Output);
    }

    [Fact]
    public void Ctrl_C_during_score_ends_it_with_one_line_and_exit_code_130_and_writes_no_predictions()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return; // SIGINT is how a terminal sends Ctrl+C there
        using var project = Churn();
        Assert.True(project.Build().Succeeded);
        var test = File.ReadAllLines(project.DataPath("test.csv"));
        using (var big = new StreamWriter(project.DataPath("big.csv")))
        {
            big.WriteLine(test[0]);
            for (var copy = 0; copy < 1000; copy++) foreach (var line in test.Skip(1)) big.WriteLine(line); // 4 million rows
        }
        var predictions = Path.Combine(project.Directory, "predictions.csv");
        var start = new ProcessStartInfo(MlopsTool.Executable) { WorkingDirectory = project.Directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "score", project.ModelPath, "data/big.csv", "-o", predictions }) start.ArgumentList.Add(argument);
        start.Environment["NUGET_PACKAGES"] = Repository.PackagesFolder;
        using var score = new RunningCommand(start, "mlops score");
        var waited = Stopwatch.StartNew();
        while (Directory.GetFiles(project.Directory, "predictions.csv.*.tmp").Length == 0 && !score.HasExited && waited.Elapsed < TimeSpan.FromMinutes(2)) Thread.Sleep(50);
        Assert.False(score.HasExited, score.Output); // still scoring: the interrupt lands mid-run
        var interrupted = Stopwatch.StartNew();
        using (var kill = Process.Start("kill", ["-INT", score.Id.ToString(CultureInfo.InvariantCulture)])) kill.WaitForExit();
        var result = score.WaitForExit(TimeSpan.FromSeconds(30)); // throws, failing the test, if it is still running
        log.WriteLine($"stopped {interrupted.Elapsed.TotalSeconds:0.00} s after SIGINT");

        Assert.Equal(130, result.ExitCode);
        Assert.Equal("error MLOPS2013: mlops score was canceled (Ctrl+C); nothing was written, earlier outputs are as they were.", result.Output.Trim());
        Assert.False(File.Exists(predictions));
        Assert.Empty(Directory.GetFiles(project.Directory, "predictions.csv*"));
    }
}
