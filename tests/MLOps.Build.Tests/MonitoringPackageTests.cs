using System.IO.Compression;
using System.Text.Json;
using Xunit;

namespace MLOps.Build.Tests;

/// <summary>
/// The reference profile a model package carries (docs/monitoring.md): packed and covered by `mlops verify`, copied
/// beside the model into an app, which logs and profiles what it scores; `mlops profile merge` adds profiles up.
/// </summary>
public class MonitoringPackageTests
{
    private const string Id = "Contoso.Models.Churn";

    [Fact]
    public void The_package_carries_the_reference_profile_and_verify_catches_an_edit()
    {
        using var project = new ModelProject().WithChurnProject($"<PackageId>{Id}</PackageId><Version>1.0.0</Version>");
        var pack = project.Dotnet("pack", project.ProjectPath, "-o", Path.Combine(project.Directory, "feed"));
        Assert.True(pack.Succeeded, pack.Output);
        var package = Path.Combine(project.Directory, "feed", $"{Id}.1.0.0.nupkg");

        using (var zip = ZipFile.OpenRead(package))
        {
            using var lineage = new StreamReader(zip.GetEntry("models/Churn.lineage.json")!.Open());
            Assert.Contains("\"path\": \"models/Churn.profile.json\"", lineage.ReadToEnd());
            using var profile = JsonDocument.Parse(zip.GetEntry("models/Churn.profile.json")!.Open());
            Assert.Equal(1, profile.RootElement.GetProperty("format").GetInt32());
            Assert.Equal("reference", profile.RootElement.GetProperty("kind").GetString());
            Assert.True(profile.RootElement.GetProperty("metrics").GetProperty("auc").GetDouble() > 0.5);
        }
        Assert.True(MlopsTool.Run(project.Directory, "verify", package).Succeeded);

        var tampered = Path.Combine(project.Directory, "tampered.nupkg");
        File.Copy(package, tampered);
        using (var zip = ZipFile.Open(tampered, ZipArchiveMode.Update))
        {
            var entry = zip.GetEntry("models/Churn.profile.json")!;
            string text;
            using (var reader = new StreamReader(entry.Open())) text = reader.ReadToEnd();
            entry.Delete();
            using var writer = new StreamWriter(zip.CreateEntry("models/Churn.profile.json").Open());
            writer.Write(text.Replace("\"rows\": ", "\"rows\": 1"));
        }
        var bad = MlopsTool.Run(project.Directory, "verify", tampered);
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("error MLOPS4003: 'models/Churn.profile.json' has SHA-256", bad.Output);
    }

    [Fact]
    public void An_app_logs_and_profiles_what_it_scores_and_mlops_merges_the_profiles()
    {
        using var project = new ModelProject().WithChurnProject($"<PackageId>{Id}</PackageId><Version>1.0.0</Version>");
        var feed = Path.Combine(project.Directory, "model-feed");
        Assert.True(project.Dotnet("pack", project.ProjectPath, "-o", feed).Succeeded);
        var app = Path.Combine(project.Directory, "app");
        // Two instances, each with its own log folder, both saving profiles to one folder.
        ModelProject.WriteApp(app, Id, feed, """
            using MLOps.Runtime;
            using MLOps.Runtime.Monitoring;
            var model = Model.Load("Churn.model.json");
            var reference = ModelMonitoring.LoadReferenceProfile("Churn.profile.json") ?? throw new InvalidOperationException("no reference profile beside the model");
            for (var instance = 0; instance < 2; instance++)
            {
                await using var monitored = model
                    .WithPredictionLog(new PredictionLogOptions { Folder = $"log-{instance}", Version = "1.0.0", SampleRate = 1 })
                    .WithProfile(new ProfileOptions { Reference = reference, Folder = "profiles", Version = "1.0.0" });
                var row = model.CreateRow();
                for (var i = 0; i < 100; i++)
                {
                    row.Set("tenure_months", i % 72).Set("monthly_charges", 20 + i).Set("contract", i % 3 == 0 ? "two-year" : "month-to-month").Set("senior", i % 4 == 0);
                    monitored.Score(row, key: $"customer-{instance}-{i}");
                }
            }
            Console.WriteLine("scored");
            """);

        var run = project.Dotnet("run", "--project", Path.Combine(app, "App.csproj"));

        Assert.True(run.Succeeded, run.Output);
        var output = Path.Combine(app, "bin", "Debug", "net10.0");
        Assert.True(File.Exists(Path.Combine(output, "Churn.profile.json")), "the reference profile is copied beside the model");
        // dotnet run keeps the caller's folder, the project's, as the app's current folder.
        var lines = Directory.GetFiles(Path.Combine(project.Directory, "log-1"), "Churn-*.jsonl").SelectMany(File.ReadAllLines).ToArray();
        Assert.Equal(100, lines.Length);
        using (var record = JsonDocument.Parse(lines[5]))
        {
            Assert.Equal("customer-1-5", record.RootElement.GetProperty("key").GetString());
            Assert.Equal("1.0.0", record.RootElement.GetProperty("version").GetString());
            Assert.Equal(5, record.RootElement.GetProperty("inputs").GetProperty("tenure_months").GetDouble());
        }

        var profiles = Directory.GetFiles(Path.Combine(project.Directory, "profiles"), "*.profile.json").Select(p => Path.GetRelativePath(project.Directory, p)).ToArray();
        Assert.Equal(2, profiles.Length);
        var merged = MlopsTool.Run(project.Directory, ["profile", "merge", .. profiles, "-o", "merged.profile.json", "--json"]);
        Assert.True(merged.Succeeded, merged.Output);
        using (var result = JsonDocument.Parse(merged.StandardOutput))
            Assert.Equal(200, result.RootElement.GetProperty("rows").GetInt64());
        using (var profile = JsonDocument.Parse(File.ReadAllText(Path.Combine(project.Directory, "merged.profile.json"))))
            Assert.Equal(200, profile.RootElement.GetProperty("columns")[0].GetProperty("count").GetInt64());

        // With the reference: another kind of profile, refused with the reason; a file that is not a profile, named.
        File.Copy(Path.Combine(output, "Churn.profile.json"), Path.Combine(project.Directory, "reference.profile.json"));
        File.WriteAllText(Path.Combine(project.Directory, "broken.profile.json"), "{");
        var refused = MlopsTool.Run(project.Directory, "profile", "merge", profiles[0], "reference.profile.json", "broken.profile.json", "-o", "x.json");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("reference.profile.json: error MLOPS4091: reference.profile.json does not merge with", refused.Output);
        Assert.Contains("one is a scored profile, the other a reference profile", refused.Output);
        Assert.Contains("broken.profile.json: error MLOPS4090: broken.profile.json is not a scoring profile", refused.Output);
        Assert.False(File.Exists(Path.Combine(project.Directory, "x.json")));
    }
}
