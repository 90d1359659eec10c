using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
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

        using var lineage = PackedLineage(project, "Contoso.Models.ChurnPretrained");
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
        Assert.Contains("error MLOPS2075: PretrainedModel 'model.zip' is an ML.NET model (.zip), which the build reads with the package MLOps.Build.MLNet: add <PackageReference Include=\"MLOps.Build.MLNet\" />", zip.Output);
    }

    [Fact]
    public void An_ML_NET_zip_is_converted_checked_evaluated_and_packed_with_its_hash_in_the_lineage()
    {
        using var project = new ModelProject().WithChurnProject("<PackageId>Contoso.Models.ChurnZip</PackageId><Version>1.0.0</Version><ModelExportOnnx>true</ModelExportOnnx>",
            $"""<PackageReference Include="MLOps.Build.MLNet" Version="{Repository.Version}" /><PretrainedModel Include="churn.zip" /><ModelGate Include="auc" Minimum="0.6" />""");
        var zipPath = Path.Combine(project.Directory, "churn.zip");
        SaveMLNetModel(Path.Combine(project.Directory, "data", "train.csv"), zipPath);

        var build = project.Build();

        Assert.True(build.Succeeded, build.Output);
        Assert.Contains("Churn: took the pretrained ML.NET model churn.zip (FastTreeBinaryModelParameters, not trained by this build); converted to MLOps.Runtime, which scores the ", build.Output);
        Assert.Contains("Churn: ONNX export checked by ONNX Runtime on 4,000 rows", build.Output);
        using (var model = JsonDocument.Parse(File.ReadAllBytes(project.ModelPath)))
        {
            var training = model.RootElement.GetProperty("training");
            Assert.Equal("external", training.GetProperty("trainedBy").GetString());
            Assert.True(training.GetProperty("conversion").GetProperty("maxDifference").GetDouble() <= 1e-5);
        }
        Assert.True(File.Exists(project.MetricsPath), build.Output);
        // Not "0 rows": the report says the build did not train it.
        var report = File.ReadAllText(project.ReportPath);
        Assert.Contains("- not trained by this build: a pretrained model (PretrainedModel), so no training rows", report);
        Assert.DoesNotContain(" 0 rows", report);
        Assert.False(project.Build().Trained);

        using var lineage = PackedLineage(project, "Contoso.Models.ChurnZip");
        Assert.Equal("external", lineage.RootElement.GetProperty("trainedBy").GetString());
        var package = Path.Combine(project.Directory, "feed", "Contoso.Models.ChurnZip.1.0.0.nupkg");
        using (var nupkg = ZipFile.OpenRead(package))
        using (var card = new StreamReader(nupkg.GetEntry("models/Churn.card.md")!.Open()))
            Assert.Contains("**ML.NET FastTreeBinaryModelParameters**, not trained by this build: a pretrained model (PretrainedModel), so no training rows.", card.ReadToEnd());
        var verified = MlopsTool.Run(project.Directory, "verify", package);
        Assert.True(verified.Succeeded, verified.Output);
        Assert.Contains("ML.NET FastTreeBinaryModelParameters (not trained by the build: a pretrained model), seed ", verified.Output);
        var input = lineage.RootElement.GetProperty("inputs").EnumerateArray().Single(i => i.GetProperty("role").GetString() == "pretrained model");
        Assert.Equal("churn.zip", input.GetProperty("path").GetString());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(zipPath))), input.GetProperty("sha256").GetString());
    }

    /// <summary>Packs the project (version 1.0.0) and reads the lineage in the package.</summary>
    private static JsonDocument PackedLineage(ModelProject project, string packageId)
    {
        var feed = Path.Combine(project.Directory, "feed");
        var pack = project.Dotnet("pack", project.ProjectPath, "-o", feed);
        Assert.True(pack.Succeeded, pack.Output);
        using var nupkg = ZipFile.OpenRead(Path.Combine(feed, $"{packageId}.1.0.0.nupkg"));
        using var entry = nupkg.GetEntry("models/Churn.lineage.json")!.Open();
        return JsonDocument.Parse(entry);
    }

    /// <summary>What a team that trains with ML.NET elsewhere saves: Concatenate of number columns + FastTree, by MLContext.Model.Save.</summary>
    private static void SaveMLNetModel(string trainingCsv, string zipPath)
    {
        var context = new MLContext(seed: 1);
        var columns = new[] { "tenure_months", "monthly_charges", "total_charges", "support_calls" };
        var loader = context.Data.CreateTextLoader(new TextLoader.Options
        {
            Columns = [.. columns.Select((c, i) => new TextLoader.Column(c, DataKind.Single, i == 3 ? 9 : i + 1)), new TextLoader.Column("Label", DataKind.Boolean, 10)],
            HasHeader = true,
            Separators = [','],
            MissingRealsAsNaNs = true,
        });
        var data = loader.Load(trainingCsv);
        var model = context.Transforms.Concatenate("Features", columns).Append(context.BinaryClassification.Trainers.FastTree(numberOfTrees: 20)).Fit(data);
        context.Model.Save(model, data.Schema, zipPath);
    }
}
