using System.IO.Compression;
using System.Text.Json;
using Xunit;

namespace MLOps.Build.Tests;

/// <summary>PretrainedModel in a real dotnet build: a model trained elsewhere is evaluated, gated and packed, and its lineage says the build did not train it.</summary>
public class PretrainedModelBuildTests
{
    [Fact]
    public void A_pretrained_model_file_is_evaluated_gated_and_packed_with_lineage_saying_it_was_not_trained_here()
    {
        using var elsewhere = new ModelProject().WithChurnProject();
        var trained = elsewhere.Build();
        Assert.True(trained.Succeeded, trained.Output);
        using var project = new ModelProject().WithChurnProject("<PackageId>Contoso.Models.ChurnPretrained</PackageId><Version>1.0.0</Version>",
            """<PretrainedModel Include="pretrained/Churn.model.json" /><ModelGate Include="auc" Minimum="0.6" />""");
        Directory.CreateDirectory(Path.Combine(project.Directory, "pretrained"));
        File.Copy(elsewhere.ModelPath, Path.Combine(project.Directory, "pretrained", "Churn.model.json"));

        var build = project.Build();

        Assert.True(build.Succeeded, build.Output);
        Assert.Contains("Churn: took the pretrained LogisticRegression model pretrained/Churn.model.json (not trained by this build)", build.Output);
        Assert.True(File.Exists(project.MetricsPath), build.Output);
        var again = project.Build();
        Assert.False(again.Trained, again.Output);

        var feed = Path.Combine(project.Directory, "feed");
        var pack = project.Dotnet("pack", project.ProjectPath, "-o", feed);
        Assert.True(pack.Succeeded, pack.Output);
        using var zip = ZipFile.OpenRead(Path.Combine(feed, "Contoso.Models.ChurnPretrained.1.0.0.nupkg"));
        using var lineage = JsonDocument.Parse(zip.GetEntry("models/Churn.lineage.json")!.Open());
        Assert.Equal("external", lineage.RootElement.GetProperty("trainedBy").GetString());
        Assert.Equal("LogisticRegression", lineage.RootElement.GetProperty("trainer").GetString());
    }

    [Fact]
    public void An_ML_NET_zip_or_a_model_of_another_label_is_a_coded_error()
    {
        using var project = new ModelProject().WithChurnProject("", """<PretrainedModel Include="model.zip" />""");
        File.WriteAllBytes(Path.Combine(project.Directory, "model.zip"), [0x50, 0x4b, 0x05, 0x06, .. new byte[18]]);

        var zip = project.Build();

        Assert.False(zip.Succeeded, zip.Output);
        Assert.Contains("error MLOPS2075: PretrainedModel 'model.zip' is not an MLOps model file (.json", zip.Output);
    }
}
