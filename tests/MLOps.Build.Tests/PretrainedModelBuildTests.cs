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

    [Fact]
    public void An_ML_NET_zip_with_FeaturizeText_is_gated_through_ML_NET_and_its_package_scores_in_an_app_as_ML_NET_does()
    {
        // A fresh id per run: restored packages are cached by id and version.
        var id = "Contoso.Models.ChurnText" + Guid.NewGuid().ToString("N")[..8];
        using var project = new ModelProject().WithChurnProject($"<PackageId>{id}</PackageId><Version>1.0.0</Version>",
            $"""<PackageReference Include="MLOps.Build.MLNet" Version="{Repository.Version}" /><PretrainedModel Include="churn.zip" /><ModelGate Include="auc" Minimum="0.6" />""");
        var expected = SaveTextModel(Path.Combine(project.Directory, "data", "train.csv"), Path.Combine(project.Directory, "churn.zip"));
        var feed = Path.Combine(project.Directory, "feed");

        var build = project.Build();
        var refused = project.Dotnet("pack", project.ProjectPath, "-o", feed);
        var pack = project.Dotnet("pack", project.ProjectPath, "-o", feed, "-p:ModelRuntime=MLNet");

        Assert.True(build.Succeeded, build.Output);
        Assert.Contains("Churn: took the pretrained ML.NET model churn.zip (LinearBinaryModelParameters, not trained by this build); it has no MLOps.Runtime form (", build.Output);
        Assert.Contains("so it is scored through ML.NET", build.Output);
        Assert.Contains("warning MLOPS2078: Model 'Churn' is an ML.NET model with no MLOps.Runtime form, scored through ML.NET", build.Output);
        Assert.True(File.Exists(project.MetricsPath), build.Output);
        Assert.False(refused.Succeeded, refused.Output);
        Assert.Contains("error MLOPS2079: Model 'Churn' is an ML.NET model scored through ML.NET, so its package must depend on MLOps.Runtime.MLNet", refused.Output);
        Assert.True(pack.Succeeded, pack.Output);
        Assert.DoesNotContain("MLOPS2078", pack.Output);
        using (var nupkg = ZipFile.OpenRead(Path.Combine(feed, $"{id}.1.0.0.nupkg")))
        {
            Assert.Contains("models/Churn.mlnet.zip", nupkg.Entries.Select(e => e.FullName));
            using var nuspec = new StreamReader(nupkg.GetEntry($"{id}.nuspec")!.Open());
            Assert.Contains($"<dependency id=\"MLOps.Runtime.MLNet\" version=\"{Repository.Version}\"", nuspec.ReadToEnd());
            using var lineage = JsonDocument.Parse(nupkg.GetEntry("models/Churn.lineage.json")!.Open());
            Assert.Contains("has no MLOps.Runtime form", lineage.RootElement.GetProperty("scoredByMLNet").GetString());
        }
        // A clean pack again gives the same bytes; mlops verify checks the .zip against the lineage like every packed file.
        var package = Path.Combine(feed, $"{id}.1.0.0.nupkg");
        Directory.Delete(Path.Combine(project.Directory, "bin"), recursive: true);
        Directory.Delete(Path.Combine(project.Directory, "obj"), recursive: true);
        var again = project.Dotnet("pack", project.ProjectPath, "-o", Path.Combine(project.Directory, "again"), "-p:ModelRuntime=MLNet");
        Assert.True(again.Succeeded, again.Output);
        Assert.Equal(File.ReadAllBytes(package), File.ReadAllBytes(Path.Combine(project.Directory, "again", $"{id}.1.0.0.nupkg")));
        var verified = MlopsTool.Run(project.Directory, "verify", package);
        Assert.True(verified.Succeeded, verified.Output);
        var tampered = Path.Combine(project.Directory, "tampered.nupkg");
        File.Copy(package, tampered);
        using (var nupkg = ZipFile.Open(tampered, ZipArchiveMode.Update))
        {
            nupkg.GetEntry("models/Churn.mlnet.zip")!.Delete();
            using var entry = nupkg.CreateEntry("models/Churn.mlnet.zip").Open();
            entry.Write([1, 2, 3]);
        }
        var bad = MlopsTool.Run(project.Directory, "verify", tampered);
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("error MLOPS4003: 'models/Churn.mlnet.zip' has SHA-256", bad.Output);

        var app = Path.Combine(project.Directory, "app");
        ModelProject.WriteApp(app, id, feed, """
            using MLOps.Runtime.MLNet;
            var model = MLNetModel.Load(Path.Combine(AppContext.BaseDirectory, "Churn.model.json"));
            var row = model.CreateRow().Set("tenure_months", 3).Set("monthly_charges", 80.5).Set("contract", "month-to-month");
            Console.WriteLine("score " + model.Score(row).ToString("R", System.Globalization.CultureInfo.InvariantCulture));
            """);
        var run = project.Dotnet("run", "--project", Path.Combine(app, "App.csproj"));

        Assert.True(run.Succeeded, run.Output);
        Assert.Contains("score " + expected.ToString("R", System.Globalization.CultureInfo.InvariantCulture), run.Output);
    }

    [Fact]
    public void A_ModelRuntime_other_than_MLOps_or_MLNet_is_a_coded_error()
    {
        using var project = new ModelProject().WithChurnProject("<ModelRuntime>Onnx</ModelRuntime>");

        var build = project.Build();

        Assert.False(build.Succeeded, build.Output);
        Assert.Contains("error MLOPS2080: ModelRuntime 'Onnx' is neither MLOps (the default: apps score with MLOps.Runtime) nor MLNet", build.Output);
    }

    /// <summary>
    /// A pipeline with no MLOps.Runtime form: FeaturizeText of the contract + two number columns + L-BFGS logistic
    /// regression, saved by MLContext.Model.Save; returns ML.NET's probability for the row the app scores.
    /// </summary>
    internal static double SaveTextModel(string trainingCsv, string zipPath)
    {
        var context = new MLContext(seed: 1);
        var loader = context.Data.CreateTextLoader(new TextLoader.Options
        {
            Columns = [new("tenure_months", DataKind.Single, 1), new("monthly_charges", DataKind.Single, 2), new("contract", DataKind.String, 4), new("Label", DataKind.Boolean, 10)],
            HasHeader = true,
            Separators = [','],
            MissingRealsAsNaNs = true,
        });
        var data = loader.Load(trainingCsv);
        var model = context.Transforms.Text.FeaturizeText("contract_text", "contract")
            .Append(context.Transforms.Concatenate("Features", "contract_text", "tenure_months", "monthly_charges"))
            .Append(context.BinaryClassification.Trainers.LbfgsLogisticRegression()).Fit(data);
        context.Model.Save(model, data.Schema, zipPath);
        var row = context.Data.LoadFromEnumerable([new TextRow { Tenure = 3, Charges = 80.5f, Contract = "month-to-month" }]);
        return model.Transform(row).GetColumn<float>("Probability").Single();
    }

    /// <summary>The row the app scores, as ML.NET reads it (by reflection: public, with public properties).</summary>
    public sealed class TextRow
    {
        [ColumnName("tenure_months")] public float Tenure { get; set; }
        [ColumnName("monthly_charges")] public float Charges { get; set; }
        [ColumnName("contract")] public string Contract { get; set; } = "";
        [ColumnName("Label")] public bool Label { get; set; }
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
