using System.Diagnostics;
using System.Globalization;
using System.Text;
using Xunit;
using Xunit.Abstractions;

namespace MLOps.Build.Tests;

/// <summary>Ctrl+C during training stops the build promptly and leaves the last good outputs as they were.</summary>
public class CancellationBuildTests(ITestOutputHelper log)
{
    /// <summary>Rows × 10 numeric features with a noisy label: enough that thousands of boosting rounds take minutes.</summary>
    private static void WriteData(string path, int rows)
    {
        var random = new Random(11);
        var text = new StringBuilder("f0,f1,f2,f3,f4,f5,f6,f7,f8,f9,label\n");
        for (var r = 0; r < rows; r++)
        {
            var x = Enumerable.Range(0, 10).Select(_ => random.NextDouble()).ToArray();
            foreach (var v in x) text.Append(v.ToString("0.#####", CultureInfo.InvariantCulture)).Append(',');
            text.Append(x[0] + x[1] * x[2] + random.NextDouble() > 1.2 ? "1" : "0").Append('\n');
        }
        File.WriteAllText(path, text.ToString());
    }

    private static ModelProject WithTrees(ModelProject project, int trees) => project.WithProject($"""
          <PropertyGroup>
            <LabelColumn>label</LabelColumn>
            <Trainer>GradientBoostedTrees</Trainer>
          </PropertyGroup>
          <ItemGroup>
            <TrainingData Include="data/big.csv" />
            <TrainerParameter Include="Trees" Value="{trees}" />
            <TrainerParameter Include="LearningRate" Value="0.01" />
            <TrainerParameter Include="EarlyStoppingRounds" Value="0" />
          </ItemGroup>
        """);

    [Fact]
    public void Ctrl_C_while_training_stops_the_build_promptly_and_keeps_the_previous_outputs()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return; // SIGINT is how a terminal sends Ctrl+C there
        using var project = new ModelProject(copyData: false);
        WriteData(project.DataPath("big.csv"), 200_000);
        var first = WithTrees(project, 5).Build();
        Assert.True(first.Succeeded && first.Trained, first.ToString());
        var before = Directory.GetFiles(project.OutputDirectory, "Churn.*").ToDictionary(f => f, File.ReadAllBytes);

        WithTrees(project, 20_000);
        using (var build = project.StartBuild())
        {
            var waited = Stopwatch.StartNew();
            while (!build.Output.Contains(": training, because", StringComparison.Ordinal) && !build.HasExited && waited.Elapsed < TimeSpan.FromMinutes(3)) Thread.Sleep(100);
            Assert.False(build.HasExited, build.Output);
            Thread.Sleep(2000); // into the boosting rounds
            var interrupted = Stopwatch.StartNew();
            using (var kill = Process.Start("kill", ["-INT", build.Id.ToString(CultureInfo.InvariantCulture)])) kill.WaitForExit();
            var result = build.WaitForExit(TimeSpan.FromSeconds(15)); // throws, failing the test, if it is still running
            log.WriteLine($"stopped {interrupted.Elapsed.TotalSeconds:0.00} s after SIGINT");

            Assert.NotEqual(0, result.ExitCode);
            Assert.Contains("error MLOPS2013: Churn: TrainModel was canceled", result.Output);
        }
        foreach (var (file, bytes) in before) Assert.Equal(bytes, File.ReadAllBytes(file));
        Assert.Equal(before.Keys.Order(), Directory.GetFiles(project.OutputDirectory, "Churn.*").Order());
        Assert.Empty(Directory.GetFiles(project.OutputDirectory, "*.tmp"));
    }
}
