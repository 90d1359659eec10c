using System.Text.Json;
using System.Text.RegularExpressions;
using MLOps.Testing;
using Xunit;

namespace MLOps.Build.Tests;

/// <summary>
/// The monitoring loop of issue 20 with nothing stubbed: a model packed with the packed MLOps.Build, an app that scores
/// with prediction logging on while two inputs shift, `mlops monitor` on the package and the log folder, and
/// `mlops github retrain-pr` against a loopback GitHub opening one pull request and then updating it.
/// </summary>
public sealed class MonitoringLoopTests
{
    private const string Id = "Contoso.Models.ChurnLoop";
    private const string Token = "ghs_monitorLoopSecret42";

    /// <summary>
    /// Scores every row of data/test.csv; from the middle on, tenure_months is 36 months longer and monthly charges
    /// 60% higher (customers who stayed, on dearer plans): a covariate shift in exactly those two inputs.
    /// </summary>
    private const string App = """
        using System.Globalization;
        using MLOps.Runtime;
        using MLOps.Runtime.Monitoring;
        var model = Model.Load("Churn.model.json");
        var lines = File.ReadAllLines("data/test.csv");
        var header = lines[0].Split(',');
        await using (var monitored = model.WithPredictionLog(new PredictionLogOptions { Folder = "log", Version = "1.0.0", SampleRate = 1 }))
        {
            var row = model.CreateRow();
            for (var i = 1; i < lines.Length; i++)
            {
                var shifted = i > lines.Length / 2;
                var fields = lines[i].Split(',');
                row.Clear();
                for (var c = 0; c < header.Length; c++)
                {
                    var (column, value) = (header[c], fields[c]);
                    if (row.IndexOf(column) < 0 || value.Length == 0) continue;
                    if (bool.TryParse(value, out var flag)) row.Set(column, flag);
                    else if (double.TryParse(value, CultureInfo.InvariantCulture, out var number))
                        row.Set(column, !shifted ? number : column switch { "tenure_months" => number + 36, "monthly_charges" => number * 1.6, _ => number });
                    else row.Set(column, value);
                }
                monitored.Score(row, key: fields[0]);
            }
        }
        Console.WriteLine($"scored {lines.Length - 1}");
        """;

    [Fact]
    public void An_app_logs_shifted_rows_mlops_monitor_flags_them_and_retrain_pr_opens_one_pull_request_then_updates_it()
    {
        using var github = new LoopbackGitHub(Token);
        using var project = new ModelProject().WithChurnProject($"<PackageId>{Id}</PackageId><Version>1.0.0</Version>");
        var feed = Path.Combine(project.Directory, "model-feed");
        var pack = project.Dotnet("pack", project.ProjectPath, "-o", feed);
        Assert.True(pack.Succeeded, pack.Output);
        var package = Path.Combine(feed, $"{Id}.1.0.0.nupkg");
        ModelProject.WriteApp(Path.Combine(project.Directory, "app"), Id, feed, App);

        // dotnet run keeps the caller's folder, the project's: the app reads data/test.csv and writes log/ there.
        var run = project.Dotnet("run", "--project", Path.Combine(project.Directory, "app", "App.csproj"));
        Assert.True(run.Succeeded, run.Output);
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(project.Directory, "log"), "*.jsonl"));

        var monitor = MlopsTool.Run(project.Directory, "monitor", package, "log", "-o", "monitor");
        var json = MlopsTool.Run(project.Directory, "monitor", package, "log", "-o", "monitor-json", "--json");

        Assert.True(monitor.ExitCode is 6 or 7, monitor.ToString());
        Assert.Contains("warning MLOPS6010: Churn: drift in tenure_months", monitor.Output);
        using (var document = JsonDocument.Parse(json.StandardOutput))
        {
            var drifted = document.RootElement.GetProperty("drift").EnumerateArray()
                .Where(d => d.GetProperty("drifted").GetBoolean() && d.GetProperty("column").ValueKind == JsonValueKind.String)
                .Select(d => d.GetProperty("column").GetString()).ToHashSet();
            Assert.Contains("tenure_months", drifted);
            Assert.Contains("monthly_charges", drifted);
            Assert.DoesNotContain("contract", drifted);
            Assert.DoesNotContain("region", drifted);
        }
        var report = Path.Combine(project.Directory, "monitor", "monitor.md");
        Assert.True(File.Exists(Path.Combine(project.Directory, "monitor", "monitor.html")));
        var gate = Directory.GetFiles(project.Directory, "Churn.report.md", SearchOption.AllDirectories).First();

        var environment = new Dictionary<string, string> { ["GITHUB_TOKEN"] = Token };
        CommandResult RetrainPr() => MlopsTool.Run(project.Directory, environment, "github", "retrain-pr", "Churn",
            "--monitoring-report", report, "--gate-report", gate, "--api-url", github.BaseUrl, "--repository", "contoso/models", "--json");

        var opened = RetrainPr();

        Assert.True(opened.Succeeded, opened.ToString());
        Assert.Contains("\"action\": \"created\"", opened.StandardOutput);
        var pull = Assert.Single(github.PullRequests);
        Assert.Equal("mlops/retrain-Churn", (string?)pull["head"]!["ref"]);
        var body = (string)pull["body"]!;
        Assert.Contains("Drift: ", body);
        Assert.Matches(new Regex(@"\| tenure_months \|[^\n]*\| \*\*yes\*\* \|"), body);
        Assert.Matches(new Regex(@"\| monthly_charges \|[^\n]*\| \*\*yes\*\* \|"), body);
        Assert.Matches(new Regex(@"\| contract \|[^\n]*\| no \|"), body);

        // The next scheduled run: monitoring again (in chunks this time, so the report differs), then the same step.
        var again = MlopsTool.Run(project.Directory, "monitor", package, "log", "-o", "monitor", "--chunk", "200");
        Assert.True(again.ExitCode is 6 or 7, again.ToString());
        var updated = RetrainPr();

        Assert.True(updated.Succeeded, updated.ToString());
        Assert.Contains("\"action\": \"updated\"", updated.StandardOutput);
        Assert.Single(github.PullRequests);
        Assert.Equal(1, github.Count("POST", "/pulls"));
        Assert.Contains("## Over chunks", (string)github.PullRequests[0]["body"]!);
        Assert.Contains("the monitoring report", (string)Assert.Single(github.Comments)["body"]!);
        Assert.DoesNotContain(Token, opened.Output + updated.Output);
    }
}
