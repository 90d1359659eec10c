using System.Text.Json;
using Xunit;

namespace MLOps.Build.Tests;

/// <summary>
/// Monitoring end to end: a model project built and packed with the packed MLOps.Build (its reference profile in the
/// package), `mlops monitor` on the package with unchanged and shifted data, and the MonitorModel target in a real build.
/// </summary>
public sealed class MonitorTests
{
    private static ModelProject Packed(out string package)
    {
        var project = new ModelProject().WithChurnProject("<PackageId>Contoso.Models.ChurnMonitor</PackageId><Version>1.0.0</Version>",
            """<MonitoringData Include="data/current.csv" />""");
        File.Copy(Path.Combine(Repository.Root, "tests", "fixtures", "churn_current_drifted.csv"), project.DataPath("current.csv"));
        var feed = Path.Combine(project.Directory, "feed");
        var pack = project.Dotnet("pack", project.ProjectPath, "-o", feed);
        Assert.True(pack.Succeeded, pack.Output);
        package = Assert.Single(Directory.GetFiles(feed, "*.nupkg"));
        return project;
    }

    [Fact]
    public void Mlops_monitor_on_a_package_is_healthy_on_its_evaluation_data_and_flags_shifted_data_with_its_exit_code_and_reports()
    {
        using var project = Packed(out var package);

        var healthy = MlopsTool.Run(project.Directory, "monitor", package, "data/test.csv", "-o", "healthy");
        var shifted = MlopsTool.Run(project.Directory, "monitor", package, "data/current.csv", "-o", "shifted", "--chunk", "1000");
        var json = MlopsTool.Run(project.Directory, "monitor", package, "data/current.csv", "-o", "json", "--json");

        Assert.True(healthy.ExitCode == 0, healthy.ToString());
        Assert.StartsWith("Healthy", healthy.StandardOutput);
        Assert.True(shifted.ExitCode is 6 or 7, shifted.ToString());
        Assert.Contains("warning MLOPS6010: Churn: drift in tenure_months", shifted.Output);
        var html = File.ReadAllText(Path.Combine(project.Directory, "shifted", "monitor.html"));
        Assert.Contains("<h2>Drift per feature</h2>", html);
        Assert.Contains("<h2>Performance over chunks</h2><svg", html);
        Assert.Contains("| rows 1,001–2,000 |", File.ReadAllText(Path.Combine(project.Directory, "shifted", "monitor.md")));
        using var document = JsonDocument.Parse(json.StandardOutput);
        Assert.Equal(shifted.ExitCode == 6 ? "drift" : "degraded", document.RootElement.GetProperty("verdict").GetString());
        Assert.Contains(document.RootElement.GetProperty("drift").EnumerateArray(), d => d.GetProperty("column").GetString() == "tenure_months" && d.GetProperty("drifted").GetBoolean());
    }

    [Fact]
    public void Mlops_monitor_says_what_is_wrong_with_its_command_line_and_a_missing_labels_column()
    {
        using var project = Packed(out var package);

        var usage = MlopsTool.Run(project.Directory, "monitor", package, "data/current.csv", "--chunk", "sometimes");
        var labels = MlopsTool.Run(project.Directory, "monitor", package, "data/current.csv", "--labels", "data/test.csv", "--key", "order_id");

        Assert.Equal(2, usage.ExitCode);
        Assert.Contains("error MLOPS9003: 'sometimes' is not a chunk size", usage.Output);
        Assert.Equal(1, labels.ExitCode);
        Assert.Contains("error MLOPS6006: The labels file needs the key column 'order_id'", labels.Output);
        Assert.DoesNotContain("   at ", labels.Output);
    }

    [Fact]
    public void The_MonitorModel_target_warns_on_drift_and_fails_when_asked_to()
    {
        using var project = new ModelProject().WithChurnProject("", """<MonitoringData Include="data/current.csv" />""");
        File.Copy(Path.Combine(Repository.Root, "tests", "fixtures", "churn_current_drifted.csv"), project.DataPath("current.csv"));
        Assert.True(project.Build().Succeeded);

        var warned = project.Build("-t:MonitorModel");
        var failed = project.Build("-t:MonitorModel", "-p:MonitorDriftIsError=true");

        Assert.True(warned.Succeeded, warned.Output);
        Assert.Contains("warning MLOPS6010: Churn: drift in tenure_months", warned.Output);
        Assert.True(File.Exists(Path.Combine(project.OutputDirectory, "monitor", "monitor.html")));
        Assert.False(failed.Succeeded, failed.Output);
        Assert.Contains("error MLOPS6010: Churn: drift in tenure_months", failed.Output);
    }
}
