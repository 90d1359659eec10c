using System.Diagnostics;
using Xunit;

namespace MLOps.Build.Tests;

/// <summary>An External trainer is a process the build owns: timed out or cancelled, it goes with every process it started and its folder.</summary>
public class ExternalTrainerProcessTests
{
    // Starts a child that outlives nothing it should: both record their ids, and the request's (temporary) folder is noted.
    private const string SlowTrainer = """
        dirname "$MLOPS_TRAINER_REQUEST" > work-folder.txt
        sleep 600 &
        echo $! > child.pid
        echo $$ > trainer.pid
        echo "training for ten minutes"
        wait
        """;

    private static ModelProject SlowProject(string properties = "")
    {
        var project = new ModelProject().WithChurnProject($"<Trainer>External</Trainer><TrainerCommand>sh slow.sh</TrainerCommand>{properties}");
        File.WriteAllText(Path.Combine(project.Directory, "slow.sh"), SlowTrainer);
        return project;
    }

    [Fact]
    public void A_trainer_still_running_after_TrainerTimeout_is_stopped_with_every_process_it_started_and_the_last_model_is_kept()
    {
        using var project = new ModelProject().WithChurnProject("<Trainer>External</Trainer><TrainerCommand>python3 trainer.py</TrainerCommand>");
        File.WriteAllText(Path.Combine(project.Directory, "trainer.py"), ExternalTrainerBuildTests.Trainer);
        Assert.True(project.Build().Succeeded);
        var model = File.ReadAllBytes(project.ModelPath);

        project.WithChurnProject("<Trainer>External</Trainer><TrainerCommand>sh slow.sh</TrainerCommand><TrainerTimeout>00:00:03</TrainerTimeout>");
        File.WriteAllText(Path.Combine(project.Directory, "slow.sh"), SlowTrainer);
        var result = project.Build();

        Assert.False(result.Succeeded);
        Assert.Contains("Churn: [trainer] training for ten minutes", result.Output);
        Assert.Contains("error MLOPS2021: TrainerCommand 'sh slow.sh' was still running after TrainerTimeout (00:00:03) and was stopped, with every process it started.", result.Output);
        AssertStoppedAndCleanedUp(project);
        Assert.Equal(model, File.ReadAllBytes(project.ModelPath));
    }

    [Fact]
    public void Ctrl_C_stops_the_trainer_with_every_process_it_started()
    {
        using var project = SlowProject();
        using var build = project.StartBuild();
        var started = Stopwatch.StartNew();
        while (!File.Exists(Path.Combine(project.Directory, "trainer.pid")))
        {
            Assert.True(started.Elapsed < TimeSpan.FromMinutes(3), "The trainer did not start.\n" + build.Output);
            Thread.Sleep(100);
        }

        using (var interrupt = Process.Start("kill", ["-INT", build.Id.ToString()])) interrupt.WaitForExit();
        var result = build.WaitForExit(TimeSpan.FromMinutes(1)); // the trainer would run ten minutes

        Assert.False(result.Succeeded);
        Assert.Contains("error MLOPS2022", result.Output);
        AssertStoppedAndCleanedUp(project);
    }

    [Fact]
    public void A_TrainerTimeout_that_is_not_a_time_span_is_a_coded_error()
    {
        using var project = SlowProject("<TrainerTimeout>30</TrainerTimeout>");
        var result = project.Build();
        Assert.False(result.Succeeded);
        Assert.Contains("error MLOPS2020: TrainerTimeout '30' is not a positive time span.", result.Output);
        Assert.False(File.Exists(Path.Combine(project.Directory, "trainer.pid")));
    }

    // Prints each epoch, then waits until the build's log shows it: passes only if lines are relayed while it runs.
    private const string ChattyTrainer = """
        import sys, time
        for epoch in (1, 2, 3):
            print(f"epoch {epoch} of 3", flush=True)
            deadline = time.time() + 60
            while f"[trainer] epoch {epoch} of 3" not in open("build.log", encoding="utf-8", errors="replace").read():
                if time.time() > deadline: sys.exit(f"epoch {epoch} was not in the log while the trainer ran")
                time.sleep(0.1)
        print("a warning on standard error", file=sys.stderr, flush=True)

        """;

    [Fact]
    public void A_trainers_output_is_relayed_line_by_line_while_it_runs()
    {
        using var project = new ModelProject().WithChurnProject("<Trainer>External</Trainer><TrainerCommand>python3 trainer.py</TrainerCommand>");
        File.WriteAllText(Path.Combine(project.Directory, "trainer.py"), ChattyTrainer + ExternalTrainerBuildTests.Trainer);

        var result = project.Build("-v:n", "-flp:logfile=build.log;verbosity=normal");

        Assert.True(result.Succeeded, result.Output);
        var lines = new[] { "epoch 1 of 3", "epoch 2 of 3", "epoch 3 of 3", "a warning on standard error", "read 8000 rows" }
            .Select(line => result.Output.IndexOf($"Churn: [trainer] {line}", StringComparison.Ordinal)).ToArray();
        Assert.All(lines, at => Assert.True(at >= 0, result.Output));
        Assert.Equal(lines.Order(), lines);
    }

    /// <summary>The trainer and its child are gone (a zombie waiting for its parent counts as gone) and its folder is removed.</summary>
    private static void AssertStoppedAndCleanedUp(ModelProject project)
    {
        foreach (var file in new[] { "trainer.pid", "child.pid" })
        {
            var pid = File.ReadAllText(Path.Combine(project.Directory, file)).Trim();
            var waited = Stopwatch.StartNew();
            while (IsRunning(pid) && waited.Elapsed < TimeSpan.FromSeconds(10)) Thread.Sleep(100);
            Assert.False(IsRunning(pid), $"The process in {file} ({pid}) is still running.");
        }
        var work = File.ReadAllText(Path.Combine(project.Directory, "work-folder.txt")).Trim();
        Assert.StartsWith(Path.GetTempPath().TrimEnd('/'), work);
        Assert.False(Directory.Exists(work), $"The trainer's folder {work} is still there.");
    }

    private static bool IsRunning(string pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }
}
