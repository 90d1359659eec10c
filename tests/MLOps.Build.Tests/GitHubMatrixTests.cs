using System.Diagnostics;
using System.Text.Json;
using Xunit;

namespace MLOps.Build.Tests;

/// <summary>`mlops github matrix`: many models gate on many runners, only the changed ones with --changed.</summary>
public class GitHubMatrixTests
{
    [Fact]
    public void Three_models_one_changed_give_a_matrix_of_one_with_changed_and_three_without()
    {
        using var repository = new ModelProject(copyData: false);
        foreach (var name in new[] { "Churn", "Fraud", "Wine" })
        {
            var folder = Path.Combine(repository.Directory, "models", name);
            Directory.CreateDirectory(Path.Combine(folder, "data"));
            File.Copy(Repository.SampleData("train.csv"), Path.Combine(folder, "data", "train.csv"));
            File.WriteAllText(Path.Combine(folder, name + ".mlproj"), """
                <Project Sdk="MLOps.Build.Sdk">
                  <PropertyGroup><LabelColumn>churned</LabelColumn></PropertyGroup>
                  <ItemGroup><TrainingData Include="data/train.csv" /></ItemGroup>
                </Project>
                """);
        }
        Git(repository.Directory, "init", "-q", "-b", "main");
        Git(repository.Directory, "add", "-A");
        Git(repository.Directory, "-c", "user.name=ci", "-c", "user.email=ci@example.com", "commit", "-q", "-m", "models");
        File.WriteAllText(Path.Combine(repository.Directory, "models", "Fraud", "data", "train.csv"),
            File.ReadAllText(Path.Combine(repository.Directory, "models", "Fraud", "data", "train.csv")).Replace("C01000000,34,", "C01000000,35,"));

        var all = MlopsTool.Run(repository.Directory, ["github", "matrix", "."]);
        var changed = MlopsTool.Run(repository.Directory, ["github", "matrix", ".", "--changed", "--base", "main"]);

        Assert.True(all.ExitCode == 0, all.ToString());
        Assert.Equal(["Churn", "Fraud", "Wine"], Models(all));
        Assert.True(changed.ExitCode == 0, changed.ToString());
        Assert.Equal(["Fraud"], Models(changed));
        Assert.Contains("\"project\":\"models/Fraud/Fraud.mlproj\"", changed.Output);
    }

    private static string[] Models(CommandResult result)
    {
        var json = result.Output.Split('\n').Single(l => l.StartsWith("{\"include\"", StringComparison.Ordinal));
        return JsonDocument.Parse(json).RootElement.GetProperty("include").EnumerateArray().Select(e => e.GetProperty("model").GetString()!).ToArray();
    }

    private static void Git(string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"git {string.Join(' ', arguments)}: {error}");
    }
}
