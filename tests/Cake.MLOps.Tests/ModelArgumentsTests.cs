using Xunit;
using Cake.MLOps;

namespace Cake.MLOps.Tests;

public sealed class ModelArgumentsTests
{
    [Fact]
    public void Build_maps_each_setting_onto_the_msbuild_property_of_the_same_name()
    {
        var settings = new MLOpsBuildSettings
        {
            Configuration = "Release", Trainer = "GradientBoostedTrees", Seed = 7, BaselinePackageId = "Contoso.Churn", BaselineVersion = "1.2.0",
            BaselineSource = "https://nuget.contoso.com/v3/index.json", ModelFeedTimeout = TimeSpan.FromSeconds(90),
        };

        var arguments = ModelArguments.For(ModelStep.Build, "/m/Churn.mlproj", settings);

        Assert.Equal(["build", "/m/Churn.mlproj", "-p:Configuration=Release", "-p:Trainer=GradientBoostedTrees", "-p:Seed=7",
            "-p:BaselinePackageId=Contoso.Churn", "-p:BaselineVersion=1.2.0", "-p:BaselineSource=https://nuget.contoso.com/v3/index.json",
            "-p:ModelFeedTimeout=90", "-nologo", "-nodeReuse:false", "-tl:off"], arguments);
    }

    [Fact]
    public void Fluent_setters_chain_and_relative_paths_are_relative_to_Cakes_working_directory_not_the_project()
    {
        var settings = new MLOpsPackSettings().SetConfiguration("Release").SetVersion("1.2.3").SetBaselineModelPath("production/Churn.model.json")
            .SetPackageOutputPath("artifacts/models").WithProperty("Owner", "Risk team");

        var arguments = ModelArguments.For(ModelStep.Pack, "/repo/models/Churn/Churn.mlproj", settings, new Cake.Core.IO.DirectoryPath("/repo"));

        Assert.Equal(["pack", "/repo/models/Churn/Churn.mlproj", "-p:Version=1.2.3", "-p:PackageOutputPath=/repo/artifacts/models", "-p:Configuration=Release",
            "-p:BaselineModelPath=/repo/production/Churn.model.json", "-p:Owner=Risk team", "-nologo", "-nodeReuse:false", "-tl:off"], arguments);
    }

    [Fact]
    public void Unset_settings_leave_the_project_its_own_values()
    {
        Assert.Equal(["build", "p.mlproj", "-t:GateModel", "-p:Configuration=Debug", "-nologo", "-nodeReuse:false", "-tl:off"], ModelArguments.For(ModelStep.Gate, "p.mlproj", new MLOpsGateSettings()));
    }

    [Fact]
    public void Without_a_configuration_pack_builds_release_as_dotnet_pack_does()
    {
        Assert.Contains("-p:Configuration=Release", ModelArguments.For(ModelStep.Pack, "p.mlproj", new MLOpsPackSettings()));
        Assert.Contains("-p:Configuration=Release", ModelArguments.ForOutputPaths(ModelStep.Pack, "p.mlproj", new MLOpsPackSettings(), "r.json"));
    }

    [Fact]
    public void Values_are_escaped_so_msbuild_reads_them_as_written()
    {
        var settings = new MLOpsGateSettings { GateOverrideReason = "Q3 data; approved by A, B (\"100%\")" };

        Assert.Contains("-p:GateOverrideReason=Q3 data%3B approved by A%2C B (%22100%25%22)", ModelArguments.Properties(settings, ModelStep.Publish));
    }

    [Fact]
    public void Each_step_runs_the_target_the_ide_runs()
    {
        string[] Head(ModelStep step) => [.. ModelArguments.For(step, "p", new MLOpsBuildSettings()).Take(3)];

        Assert.Equal(["build", "p", "-t:ValidateModelData"], Head(ModelStep.ValidateData));
        Assert.Equal(["build", "p", "-t:EvaluateModel"], Head(ModelStep.Evaluate));
        Assert.Equal(["build", "p", "-t:PublishModel"], Head(ModelStep.Publish));
        Assert.Equal(["pack", "p", "-p:Configuration=Release"], Head(ModelStep.Pack));
    }

    [Fact]
    public void Pack_and_publish_settings_add_version_output_and_feed()
    {
        var settings = new MLOpsPublishSettings { Version = "2.0.0", PackageOutputPath = "out", PublishSource = "feed", PublishApiKeyVariable = "FEED_KEY" };
        settings.Properties["ModelIntendedUse"] = "Churn risk";

        Assert.Equal(["-p:Version=2.0.0", "-p:PackageOutputPath=out", "-p:Configuration=Debug", "-p:ModelIntendedUse=Churn risk", "-p:ModelPublishSource=feed", "-p:ModelPublishApiKeyVariable=FEED_KEY"],
            ModelArguments.Properties(settings, ModelStep.Publish));
    }

    [Fact]
    public void Output_paths_are_asked_of_the_project_with_the_same_settings()
    {
        var arguments = ModelArguments.ForOutputPaths(ModelStep.Build, "p.mlproj", new MLOpsBuildSettings { Configuration = "Release" }, "/tmp/r.json");

        Assert.Equal(["msbuild", "p.mlproj", "-restore", "-nologo", "-nodeReuse:false", "-p:Configuration=Release"], arguments.Take(6));
        Assert.Contains("-getProperty:ModelGateResultPath", arguments);
        Assert.Equal("-getResultOutputFile:/tmp/r.json", arguments[^1]);
    }
}
