using System.IO.Compression;
using System.Text.Json;
using Xunit;

namespace MLOps.Build.Tests;

/// <summary>
/// The opt-in MLOps.Build.MLNet package in a real dotnet build against the packed packages: its trainer assembly loads
/// in a context of its own (LightGBM's native library from its runtimes/ folder), trains, converts to the runtime
/// format with the conversion checked, and the model packs as any other.
/// </summary>
public class MLNetBuildTests
{
    private static string MLNetReference => $"""<PackageReference Include="MLOps.Build.MLNet" Version="{Repository.Version}" />""";

    private static ModelProject LightGbmProject(string extraItems = "") =>
        new ModelProject().WithChurnProject("<Trainer>MLNet.LightGbm</Trainer><PackageId>Contoso.Models.ChurnLightGbm</PackageId><Version>1.0.0</Version>",
            MLNetReference + extraItems);

    [Fact]
    public void LightGbm_trains_in_the_build_converts_checked_incrementally_reproducibly_and_packs_needing_only_the_runtime()
    {
        using var project = LightGbmProject();

        var build = project.Build();

        Assert.True(build.Succeeded, build.Output);
        Assert.Contains("Churn: trained MLNet.LightGbm (ML.NET) on ", build.Output);
        Assert.Contains("converted to MLOps.Runtime, which scores the ", build.Output);
        using (var model = JsonDocument.Parse(File.ReadAllBytes(project.ModelPath)))
        {
            Assert.Equal("MLNet.LightGbm", model.RootElement.GetProperty("training").GetProperty("trainer").GetString());
            Assert.Equal("trees", model.RootElement.GetProperty("predictor").GetProperty("kind").GetString());
        }
        var bytes = File.ReadAllBytes(project.ModelPath);

        var again = project.Build();
        Assert.True(again.Succeeded, again.Output);
        Assert.False(again.Trained, again.Output);

        // A second clean build elsewhere: the same bytes.
        using var twin = LightGbmProject();
        var twinBuild = twin.Build();
        Assert.True(twinBuild.Succeeded, twinBuild.Output);
        Assert.Equal(bytes, File.ReadAllBytes(twin.ModelPath));

        var feed = Path.Combine(project.Directory, "feed");
        var pack = project.Dotnet("pack", project.ProjectPath, "-o", feed);
        Assert.True(pack.Succeeded, pack.Output);
        using var zip = ZipFile.OpenRead(Path.Combine(feed, "Contoso.Models.ChurnLightGbm.1.0.0.nupkg"));
        Assert.NotNull(zip.GetEntry("models/Churn.model.json"));
        using (var lineage = JsonDocument.Parse(zip.GetEntry("models/Churn.lineage.json")!.Open()))
        {
            var conversion = lineage.RootElement.GetProperty("conversion");
            Assert.StartsWith("ML.NET 5.0", conversion.GetProperty("from").GetString());
            Assert.Equal(4000, conversion.GetProperty("rows").GetInt32());
            Assert.InRange(conversion.GetProperty("maxDifference").GetDouble(), 0, 1e-5);
        }
        using var nuspec = new StreamReader(zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
        var manifest = nuspec.ReadToEnd();
        Assert.Contains("id=\"MLOps.Runtime\"", manifest);
        Assert.DoesNotContain("Microsoft.ML", manifest);
        Assert.DoesNotContain("MLOps.Build.MLNet", manifest);
    }

    [Theory]
    [InlineData("MLNet.LbfgsMaximumEntropy", "MulticlassClassification", "iris.csv", "species", "macro_f1")]
    [InlineData("MLNet.FastTree", "Regression", "diabetes.csv", "progression", "rmse")]
    public void Multiclass_and_regression_trainers_build_and_evaluate(string trainer, string task, string data, string label, string metric)
    {
        using var project = new ModelProject("Model", copyData: false);
        File.Copy(Path.Combine(Repository.Root, "tests", "fixtures", data), project.DataPath(data));
        project.WithProject($"""
              <PropertyGroup>
                <ModelTask>{task}</ModelTask>
                <LabelColumn>{label}</LabelColumn>
                <Trainer>{trainer}</Trainer>
              </PropertyGroup>
              <ItemGroup>
                {MLNetReference}
                <TrainingData Include="data/{data}" />
              </ItemGroup>
            """);

        var build = project.Build();

        Assert.True(build.Succeeded, build.Output);
        Assert.Contains($"Model: trained {trainer} (ML.NET) on ", build.Output);
        using var metrics = JsonDocument.Parse(File.ReadAllBytes(project.MetricsPath));
        Assert.True(metrics.RootElement.GetProperty("metrics").TryGetProperty(metric, out _), metrics.RootElement.ToString());
    }

    [Fact]
    public void An_unknown_parameter_is_a_coded_error_listing_the_valid_ones()
    {
        using var project = LightGbmProject("""<TrainerParameter Include="NumberOfLeafs" Value="8" />""");

        var build = project.Build();

        Assert.False(build.Succeeded, build.Output);
        Assert.Contains("error MLOPS2004: Trainer 'MLNet.LightGbm' has no parameter 'NumberOfLeafs'. Did you mean 'NumberOfLeaves'?", build.Output);
        Assert.Contains("Its parameters are: NumberOfIterations, NumberOfLeaves, LearningRate, ", build.Output);
    }

    [Fact]
    public void Without_the_package_an_MLNet_trainer_is_unknown_and_a_missing_trainer_assembly_is_a_coded_error()
    {
        using var project = new ModelProject().WithChurnProject("<Trainer>MLNet.LightGbm</Trainer>");
        var unknown = project.Build();

        using var broken = new ModelProject().WithChurnProject("<Trainer>MLNet.LightGbm</Trainer>", """<ModelTrainerAssembly Include="missing/MLOps.MLNet.dll" />""");
        var missing = broken.Build();

        Assert.False(unknown.Succeeded, unknown.Output);
        Assert.Contains("error MLOPS2002: Trainer 'MLNet.LightGbm' is not a trainer.", unknown.Output);
        Assert.False(missing.Succeeded, missing.Output);
        Assert.Contains("error MLOPS2074: The trainer assembly '", missing.Output);
        Assert.Contains("MLOps.MLNet.dll' named by a ModelTrainerAssembly item does not exist.", missing.Output);
    }
}
