using System.Diagnostics;
using MLOps.Testing;
using Xunit;

namespace MLOps.Build.Tests;

/// <summary>
/// mlops-retrain.yml's steps as a runner runs them (bash -e), in a git repository with a bare origin: <c>dotnet</c>
/// and <c>mlops monitor</c> are stubs (the monitor's exit code is the scenario), while git, jq and the packed
/// <c>mlops github retrain-pr</c> are real, against a loopback GitHub.
/// </summary>
public class RetrainWorkflowTests
{
    private const string Token = "ghs_retrainE2Esecret99";
    private const string Branch = "mlops/retrain-Churn";

    [Fact]
    public void A_healthy_model_changes_nothing_drift_opens_one_pull_request_and_the_next_drift_updates_it()
    {
        using var github = new LoopbackGitHub(Token);
        using var repo = new RetrainRepository(github);

        var healthy = repo.Run(monitorExit: 0);

        Assert.True(healthy.Succeeded, healthy.ToString());
        Assert.Equal("false", healthy.Outputs["retrain"]);
        Assert.Contains("Churn is healthy in production: nothing to retrain.", healthy.Output);
        Assert.DoesNotContain("dotnet build", repo.Log);
        Assert.Empty(github.Requests);
        Assert.DoesNotContain(Branch, repo.Git("ls-remote", "--heads", "origin").Output);
        Assert.Contains("# Churn: monitoring report", File.ReadAllText(repo.StepSummary)); // the job summary shows the report either way

        var drift = repo.Run(monitorExit: 6);

        Assert.True(drift.Succeeded, drift.ToString());
        Assert.Contains("dotnet build models/Churn/Churn.mlproj -c Release", repo.Log);
        Assert.Contains("mlops monitor Contoso.Models.Churn@production " + repo.MonitoringData + " --source models-feed -o ", repo.Log);
        Assert.Contains(Branch, repo.Git("ls-remote", "--heads", "origin").Output);
        Assert.Equal("models/Churn/data/train.csv", repo.Git("diff", "--name-only", "main", "origin/" + Branch).Output.Trim()); // the refreshed data, nothing else
        var pull = Assert.Single(github.PullRequests);
        Assert.Equal(Branch, (string?)pull["head"]!["ref"]);
        Assert.Equal("main", (string?)pull["base"]!["ref"]);
        var body = (string)pull["body"]!;
        Assert.Contains("# Churn: monitoring report (exit 6)", body);
        Assert.Contains("# Churn gate: 1 of 1 gates passed", body);
        Assert.Contains("https://github.com/contoso/models/actions/runs/102", body); // the drift run's
        Assert.Equal("mlops-retrain", (string?)pull["labels"]![0]!["name"]);
        Assert.DoesNotContain(Token, drift.Output);

        var again = repo.Run(monitorExit: 7, gate: "0 of 1 gates passed", gateExit: 1);

        Assert.Equal(1, again.ExitCode); // the failed gate fails the job, after updating the pull request
        Assert.Single(github.PullRequests);
        Assert.Contains("# Churn gate: 0 of 1 gates passed", (string)github.PullRequests[0]["body"]!);
        var comment = Assert.Single(github.Comments);
        Assert.Contains("the monitoring report and the gate report changed", (string)comment["body"]!);
        Assert.Equal(1, github.Count("POST", "/pulls"));
    }

    [Fact]
    public void The_command_says_as_json_what_it_did_and_a_missing_report_is_a_usage_error()
    {
        using var github = new LoopbackGitHub(Token);
        using var project = new ModelProject("Churn", copyData: false);
        File.WriteAllText(Path.Combine(project.Directory, "monitor.md"), "# drift");
        File.WriteAllText(Path.Combine(project.Directory, "gate.md"), "# gate");
        var environment = new Dictionary<string, string> { ["GITHUB_TOKEN"] = Token };
        string[] Options(string gate) => ["github", "retrain-pr", "Churn", "--monitoring-report", "monitor.md", "--gate-report", gate,
            "--api-url", github.BaseUrl, "--repository", "contoso/models", "--json"];

        var created = MlopsTool.Run(project.Directory, environment, Options("gate.md"));
        var again = MlopsTool.Run(project.Directory, environment, Options("gate.md"));
        var missing = MlopsTool.Run(project.Directory, environment, Options("no-such-gate.md"));

        Assert.True(created.Succeeded, created.ToString());
        Assert.Contains("\"number\": 1,", created.StandardOutput);
        Assert.Contains("\"url\": \"https://github.com/contoso/models/pull/1\"", created.StandardOutput);
        Assert.Contains("\"action\": \"created\"", created.StandardOutput);
        Assert.Contains("\"action\": \"unchanged\"", again.StandardOutput);
        Assert.Equal(3, missing.ExitCode);
        Assert.Contains("error MLOPS6100", missing.Output);
        Assert.Single(github.PullRequests);
        Assert.DoesNotContain(Token, created.Output + again.Output + missing.Output);
    }

    [Fact]
    public void A_failing_monitor_fails_the_job_and_retrains_nothing()
    {
        using var github = new LoopbackGitHub(Token);
        using var repo = new RetrainRepository(github);

        var failed = repo.Run(monitorExit: 1);

        Assert.Equal(1, failed.ExitCode);
        Assert.Contains("::error::mlops monitor failed (exit 1).", failed.Output);
        Assert.DoesNotContain("dotnet build", repo.Log);
        Assert.Empty(github.Requests);
    }

    [Fact]
    public void The_retrain_job_asks_for_no_more_than_it_needs_and_runs_its_pull_request_step_only_after_drift_or_degradation()
    {
        using var project = new ModelProject("Churn", copyData: false);
        var workflow = File.ReadAllText(Path.Combine(TemplateTests.NewWorkflows(project), "mlops-retrain.yml"));

        Assert.Contains("  schedule:\n    - cron:", workflow);
        Assert.Contains("  workflow_dispatch:", workflow);
        Assert.Contains("    permissions:\n      contents: write\n      pull-requests: write\n    env:", workflow);
        Assert.Contains("if: steps.monitor.outputs.retrain == 'true'", workflow);
        Assert.Contains("group: mlops-retrain-Churn", workflow);
        Assert.Contains("PROJECT: models/Churn/Churn.mlproj", workflow);
        Assert.Equal("", Actionlint.Check([Path.Combine(project.Directory, ".github", "workflows", "mlops-retrain.yml")]));
    }

    /// <summary>
    /// A repository made from the template: models/Churn with its data committed on main, a bare origin, a data
    /// refresh script that appends a row, and stubs for dotnet and mlops monitor ahead of the real tools on PATH.
    /// </summary>
    private sealed class RetrainRepository : IDisposable
    {
        private readonly LoopbackGitHub _github;
        private readonly ModelProject _project = new("Churn", copyData: false);
        private readonly string _workflow;
        private readonly string _stubs;
        private int _run = 100;

        public RetrainRepository(LoopbackGitHub github)
        {
            _github = github;
            _workflow = File.ReadAllText(Path.Combine(TemplateTests.NewWorkflows(_project), "mlops-retrain.yml"));
            var model = Path.Combine(Root, "models", "Churn");
            Directory.CreateDirectory(Path.Combine(model, "data"));
            File.WriteAllText(Path.Combine(model, "Churn.mlproj"), "<Project Sdk=\"MLOps.Build.Sdk\" />\n");
            File.WriteAllText(Path.Combine(model, "data", "train.csv"), "tenure,churned\n1,true\n");
            File.WriteAllText(Path.Combine(model, ".gitignore"), "bin/\nobj/\ncurrent/\n");
            Directory.CreateDirectory(Path.Combine(Root, "eng"));
            File.WriteAllText(Path.Combine(Root, "eng", "refresh-data.sh"), "#!/bin/bash\nset -e\necho \"$RANDOM,false\" >> \"$1/data/train.csv\"\nmkdir -p \"$1/current\" && echo 'tenure' > \"$1/current/log.csv\"\n");
            Executable(Path.Combine(Root, "eng", "refresh-data.sh"));
            File.WriteAllText(Path.Combine(Root, ".gitignore"), ".hive/\n.origin.git/\n.stubs/\n.runner/\n");
            _stubs = Path.Combine(Root, ".stubs");
            Directory.CreateDirectory(_stubs);
            Stub("dotnet", """
                echo "dotnet $*" >> "$STUB_LOG"
                outputs="$STUB_ROOT/models/Churn/bin/Release/net8.0"
                case "$1" in
                  msbuild)
                    if [[ "$*" == *-getItem:MonitoringData* ]]; then
                      printf '{"Properties":{"BaselinePackageId":"Contoso.Models.Churn","BaselineSource":"models-feed"},"Items":{"MonitoringData":[{"FullPath":"%s"}]}}\n' "$PWD/current/log.csv"
                    else
                      echo "$outputs/Churn.report.md"
                    fi ;;
                  build)
                    mkdir -p "$outputs" && printf '# Churn gate: %s\n' "$GATE_TEXT" > "$outputs/Churn.report.md"
                    exit "$GATE_EXIT" ;;
                esac
                """);
            Stub("mlops", """
                echo "mlops $*" >> "$STUB_LOG"
                if [ "$1" = monitor ]; then
                  previous=""; for argument in "$@"; do [ "$previous" = "-o" ] && out="$argument"; previous="$argument"; done
                  mkdir -p "$out" && printf '# Churn: monitoring report (exit %s)\n' "$MONITOR_EXIT" > "$out/Churn.monitor.md"
                  exit "$MONITOR_EXIT"
                fi
                exec "$REAL_MLOPS" "$@"
                """);
            Git("init", "-q", "-b", "main");
            Git("add", "-A");
            Git("-c", "user.name=test", "-c", "user.email=test@example.com", "commit", "-q", "-m", "models");
            Git("init", "-q", "--bare", Path.Combine(Root, ".origin.git"));
            Git("remote", "add", "origin", Path.Combine(Root, ".origin.git"));
            Git("push", "-q", "origin", "main");
        }

        public string Root => _project.Directory;
        public string MonitoringData => Path.Combine(Root, "models", "Churn", "current", "log.csv");
        public string StepSummary => Path.Combine(Root, ".runner", "step-summary.md");
        public string Log => File.Exists(LogPath) ? File.ReadAllText(LogPath) : "";
        private string LogPath => Path.Combine(Root, ".runner", "calls.log");

        /// <summary>One scheduled run: the refresh, monitor and (when its output says so, as the step's <c>if:</c>) retrain steps, from a clean main.</summary>
        public StepsResult Run(int monitorExit, string gate = "1 of 1 gates passed", int gateExit = 0)
        {
            Git("checkout", "-q", "-f", "main");
            Git("clean", "-q", "-fdx", "-e", ".hive", "-e", ".origin.git", "-e", ".stubs", "-e", ".runner");
            var runner = Path.Combine(Root, ".runner");
            Directory.CreateDirectory(runner);
            var temp = Directory.CreateTempSubdirectory("mlops-runner-").FullName;
            var output = Path.Combine(temp, "github-output");
            File.WriteAllText(output, "");
            var environment = new Dictionary<string, string>
            {
                ["PATH"] = $"{_stubs}:{Environment.GetEnvironmentVariable("PATH")}",
                ["PROJECT"] = "models/Churn/Churn.mlproj", ["MODEL"] = "Churn", ["CHANNEL"] = "production", // the job's env
                ["RUNNER_TEMP"] = temp, ["GITHUB_OUTPUT"] = output, ["GITHUB_ENV"] = Path.Combine(temp, "github-env"), ["GITHUB_STEP_SUMMARY"] = StepSummary,
                ["GITHUB_API_URL"] = _github.BaseUrl, ["GITHUB_REPOSITORY"] = "contoso/models", ["GITHUB_SERVER_URL"] = "https://github.com", ["GITHUB_RUN_ID"] = (++_run).ToString(),
                ["GITHUB_TOKEN"] = Token, ["REAL_MLOPS"] = MlopsTool.Executable, ["NUGET_PACKAGES"] = Repository.PackagesFolder,
                ["STUB_LOG"] = LogPath, ["STUB_ROOT"] = Root, ["MONITOR_EXIT"] = monitorExit.ToString(), ["GATE_TEXT"] = gate, ["GATE_EXIT"] = gateExit.ToString(),
                ["GIT_AUTHOR_DATE"] = "2026-12-01T00:00:00Z", ["GIT_COMMITTER_DATE"] = "2026-12-01T00:00:00Z",
            };
            try
            {
                var all = new System.Text.StringBuilder();
                foreach (var step in new[] { "- name: Refresh the data (placeholder — replace with your own)", "- id: monitor", "- name: Rebuild on the fresh data, push mlops/retrain-Churn and open or update its pull request" })
                {
                    var outputs = Outputs(output);
                    if (step.StartsWith("- name: Rebuild", StringComparison.Ordinal))
                    {
                        if (outputs.GetValueOrDefault("retrain") != "true") break; // the step's if:
                        environment["MONITOR_REPORT"] = outputs["report"];
                    }
                    var result = Bash(TemplateTests.StepScript(_workflow, step), environment);
                    all.Append(result.Output);
                    if (!result.Succeeded) return new StepsResult(result.ExitCode, all.ToString(), Outputs(output));
                }
                return new StepsResult(0, all.ToString(), Outputs(output));
            }
            finally
            {
                Directory.Delete(temp, recursive: true);
            }
        }

        public CommandResult Git(params string[] arguments)
        {
            var result = Bash("git \"$@\"", new Dictionary<string, string>(), arguments);
            Assert.True(result.Succeeded, result.ToString());
            return result;
        }

        private CommandResult Bash(string script, IReadOnlyDictionary<string, string> environment, params string[] arguments)
        {
            var start = new ProcessStartInfo("bash") { WorkingDirectory = Root, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in (string[])["-e", "-c", script, "bash", .. arguments]) start.ArgumentList.Add(argument);
            foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("GITHUB_", StringComparison.Ordinal)).ToArray()) start.Environment.Remove(name);
            foreach (var (name, value) in environment) start.Environment[name] = value;
            return new RunningCommand(start, "bash").WaitForExit(TimeSpan.FromMinutes(5));
        }

        private void Stub(string name, string script)
        {
            var path = Path.Combine(_stubs, name);
            File.WriteAllText(path, "#!/bin/bash\n" + script + "\n");
            Executable(path);
        }

        private static void Executable(string path)
        {
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        private static Dictionary<string, string> Outputs(string file) => File.ReadAllLines(file)
            .Select(l => l.Split('=', 2)).Where(p => p.Length == 2).GroupBy(p => p[0]).ToDictionary(g => g.Key, g => g.Last()[1]);

        public void Dispose() => _project.Dispose();
    }

    private sealed record StepsResult(int ExitCode, string Output, Dictionary<string, string> Outputs)
    {
        public bool Succeeded => ExitCode == 0;
        public override string ToString() => $"exit {ExitCode}\n{Output}";
    }
}
