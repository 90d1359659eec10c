using System.IO.Compression;
using System.Text.RegularExpressions;
using Xunit;

namespace MLOps.Build.Tests;

/// <summary>
/// A model and its evidence are one unit: the record beside them holds the SHA-256 of every output, so a model
/// that is not the one its build recorded (an interrupted build, a hand edit, a stale cache) is rebuilt, never
/// reported up to date, and never packed or published.
/// </summary>
public class OutputIntegrityTests
{
    private static readonly string Id = "Contoso.Models.Churn" + Guid.NewGuid().ToString("N")[..8]; // a fresh id: versions are cached by id

    private static ModelProject Project(string l2, string extraProperties = "") => WithL2(new ModelProject(), l2, extraProperties);

    /// <summary>The churn project with trainer parameter L2 = <paramref name="l2"/>: another value makes another model and other metrics.</summary>
    private static ModelProject WithL2(ModelProject project, string l2, string extraProperties = "") =>
        project.WithChurnProject($"<PackageId>{Id}</PackageId><Version>1.0.0</Version>{extraProperties}", $"""<TrainerParameter Include="L2" Value="{l2}" />""");

    private static string RecordPath(ModelProject project) => Path.Combine(project.OutputDirectory, "Churn.fingerprint.json");

    private static void AssertBuilt(CommandResult result, bool trained)
    {
        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal(trained, result.Trained);
    }

    private static void AssertRefused(CommandResult result, string code, string file)
    {
        Assert.False(result.Succeeded, result.ToString());
        // At the file that is not as recorded: "…/bin/Debug/net8.0/Churn.model.json : error MLOPS4013: Not packed: …"
        Assert.True(Regex.IsMatch(result.Output.Replace('\\', '/'), $@"{Regex.Escape(file)} ?: error {code}: Not packed: "), result.ToString());
    }

    private static byte[] PackedModel(string package)
    {
        using var zip = ZipFile.OpenRead(package);
        using var stream = zip.GetEntry("models/Churn.model.json")!.Open();
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }

    [Fact]
    public void A_new_model_beside_the_old_record_is_retrained_and_not_packed_meanwhile()
    {
        // An interrupted build: the L2 = 10 model was moved into place, the build stopped before writing its record.
        using var project = Project("1");
        AssertBuilt(project.Build(), trained: true);
        var seedOneRecord = File.ReadAllBytes(RecordPath(project));
        WithL2(project, "10");
        AssertBuilt(project.Build(), trained: true);
        File.WriteAllBytes(RecordPath(project), seedOneRecord);
        WithL2(project, "1");

        var packNoBuild = project.Dotnet("pack", project.ProjectPath, "--no-build", "-c", "Debug", "-o", Path.Combine(project.Directory, "feed"));
        var rebuilt = project.Build();

        AssertRefused(packNoBuild, "MLOPS4013", "bin/Debug/net8.0/Churn.model.json");
        Assert.Contains("Churn.model.json is not the file the build recorded", packNoBuild.Output);
        Assert.False(Directory.Exists(Path.Combine(project.Directory, "feed")) && Directory.EnumerateFiles(Path.Combine(project.Directory, "feed"), "*.nupkg").Any());
        AssertBuilt(rebuilt, trained: true);
        Assert.Contains("Churn: training, because Churn.model.json is not the file the build recorded", rebuilt.Output);
        AssertBuilt(project.Build(), trained: false);
    }

    [Fact]
    public void A_hand_edited_model_is_refused_by_pack_and_publish_and_retrained_by_the_next_build()
    {
        var feed = Path.Combine(Path.GetTempPath(), "mlops-e2e-feeds", Guid.NewGuid().ToString("N")[..12]);
        using var project = Project("1", $"<ModelPublishSource>{feed}</ModelPublishSource>");
        AssertBuilt(project.Build(), trained: true);
        File.WriteAllText(project.ModelPath, Regex.Replace(File.ReadAllText(project.ModelPath), "\"intercept\": [^,\n]+", "\"intercept\": 0.25"));

        var packNoBuild = project.Dotnet("pack", project.ProjectPath, "--no-build", "-c", "Debug");
        var publishNoBuild = project.Build("-t:PublishModel", "-p:NoBuild=true");

        AssertRefused(packNoBuild, "MLOPS4013", "bin/Debug/net8.0/Churn.model.json");
        AssertRefused(publishNoBuild, "MLOPS4013", "bin/Debug/net8.0/Churn.model.json");
        Assert.False(Directory.Exists(feed));

        // Packing with a build rebuilds first, so what it packs is what the record says.
        var pack = project.Dotnet("pack", project.ProjectPath, "-c", "Debug");
        Assert.True(pack.Succeeded, pack.Output);
        Assert.Contains("Churn: training, because Churn.model.json is not the file the build recorded", pack.Output);
        Assert.Equal(File.ReadAllBytes(project.ModelPath), PackedModel(Path.Combine(project.OutputDirectory, "..", $"{Id}.1.0.0.nupkg")));
        var published = project.Build("-t:PublishModel", "-p:NoBuild=true");
        Assert.True(published.Succeeded, published.Output);
    }

    [Fact]
    public void A_stale_record_restored_beside_newer_outputs_rebuilds_and_is_not_packed()
    {
        using var project = Project("1");
        AssertBuilt(project.Build(), trained: true);
        var staleRecord = File.ReadAllBytes(RecordPath(project));
        var staleMetrics = File.ReadAllBytes(project.MetricsPath);
        WithL2(project, "10");
        AssertBuilt(project.Build(), trained: true);

        // A cache restores an old metrics file: the evaluation runs again, the model stays.
        File.WriteAllBytes(project.MetricsPath, staleMetrics);
        var packStaleMetrics = project.Dotnet("pack", project.ProjectPath, "--no-build", "-c", "Debug");
        var reevaluated = project.Build();
        AssertRefused(packStaleMetrics, "MLOPS4013", "bin/Debug/net8.0/Churn.metrics.json");
        AssertBuilt(reevaluated, trained: false);
        Assert.Contains("Churn.metrics.json is not the file the build recorded", reevaluated.Output);
        Assert.NotEqual(staleMetrics, File.ReadAllBytes(project.MetricsPath));

        // A cache restores an old record: it names another model, so the model is trained again.
        File.WriteAllBytes(RecordPath(project), staleRecord);
        var packStaleRecord = project.Dotnet("pack", project.ProjectPath, "--no-build", "-c", "Debug");
        var retrained = project.Build();
        AssertRefused(packStaleRecord, "MLOPS4013", "bin/Debug/net8.0/Churn.model.json");
        AssertBuilt(retrained, trained: true);
    }

    [Fact]
    public void Packing_without_a_build_refuses_a_model_built_from_other_data()
    {
        using var project = Project("1");
        AssertBuilt(project.Build(), trained: true);
        project.EditData("train.csv", "C01000000,34,", "C01000000,35,");

        var packNoBuild = project.Dotnet("pack", project.ProjectPath, "--no-build", "-c", "Debug");

        Assert.False(packNoBuild.Succeeded, packNoBuild.Output);
        Assert.Contains("error MLOPS4014: Not packed: the model was built from other inputs than the project has now (data/train.csv changed (SHA-256 ", packNoBuild.Output);
    }

    [Fact]
    public void Outputs_restored_from_a_cache_into_a_fresh_clone_are_up_to_date()
    {
        using var project = Project("1");
        AssertBuilt(project.Build(), trained: true);
        using var clone = Project("1");
        foreach (var file in Directory.EnumerateFiles(project.OutputDirectory, "Churn.*"))
        {
            Directory.CreateDirectory(clone.OutputDirectory);
            File.Copy(file, Path.Combine(clone.OutputDirectory, Path.GetFileName(file)));
        }

        var build = clone.Build();

        AssertBuilt(build, trained: false);
        Assert.Contains("Churn: model is up to date", build.Output);
    }
}
