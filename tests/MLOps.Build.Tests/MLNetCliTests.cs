using System.IO.Compression;
using Xunit;

namespace MLOps.Build.Tests;

/// <summary>
/// A model project with an ML.NET trainer (package MLOps.Build.MLNet) and ModelExportOnnx, through every mlops command
/// a user runs on it: the CLI loads no trainer (the build converts ML.NET's model to the runtime format, and the
/// fingerprint needs no trainer's code), so status, validate, verify, score, history and diff work as for any model.
/// </summary>
public class MLNetCliTests
{
    private const string Id = "Contoso.Models.ChurnMLNet";

    [Theory]
    [InlineData("MLNet.LightGbm", "NumberOfLeaves")]
    [InlineData("MLNet.FastForest", "NumberOfLeaves")]
    [InlineData("MLNet.LbfgsLogisticRegression", "L2Regularization")]
    public void The_onnx_export_is_checked_packed_listed_and_verified_and_every_mlops_command_works_on_the_model(string trainer, string parameter)
    {
        using var project = new ModelProject();
        ModelProject Write(string items = "") => project.WithChurnProject(
            $"<Trainer>{trainer}</Trainer><ModelExportOnnx>true</ModelExportOnnx><PackageId>{Id}</PackageId><Version>1.0.0</Version>",
            $"""<PackageReference Include="MLOps.Build.MLNet" Version="{Repository.Version}" /><ModelGate Include="auc" Minimum="0.6" />{items}""");
        Write();
        var feed = Path.Combine(project.Directory, "feed");

        var build = project.Build();
        Assert.True(build.Succeeded, build.Output);
        Assert.Contains($"Churn: trained {trainer} (ML.NET) on ", build.Output);
        Assert.Contains("Churn: ONNX export checked by ONNX Runtime on 4,000 rows (max difference ", build.Output);

        // Right after the build: up to date (the CLI's fingerprint is the build's).
        var status = MlopsTool.Run(project.Directory, "status");
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Contains("1 model(s) up to date.", status.StandardOutput);

        Write($"""<TrainerParameter Include="{parameter}" Value="5" />""");
        var stale = MlopsTool.Run(project.Directory, "status");
        Assert.True(stale.ExitCode == 5, stale.ToString());
        Assert.Contains($"TrainerParameter {parameter} changed (not set → 5)", stale.StandardOutput);
        Write();

        var schema = MlopsTool.Run(project.Directory, "schema", "infer", "data/train.csv", "-o", "churn.schema.json");
        Assert.True(schema.Succeeded, schema.Output);
        var validate = MlopsTool.Run(project.Directory, "validate", "data/train.csv", "--schema", "churn.schema.json", "-e", "data/test.csv", "--label", "churned", "-x", "customer_id");
        Assert.True(validate.Succeeded, validate.Output);

        var pack = project.Dotnet("pack", project.ProjectPath, "-o", feed);
        Assert.True(pack.Succeeded, pack.Output);
        var package = Path.Combine(feed, $"{Id}.1.0.0.nupkg");
        using (var zip = ZipFile.OpenRead(package))
        {
            Assert.NotNull(zip.GetEntry("models/Churn.onnx"));
            using var lineage = new StreamReader(zip.GetEntry("models/Churn.lineage.json")!.Open());
            var text = lineage.ReadToEnd();
            Assert.Contains("\"path\": \"models/Churn.onnx\"", text);
            Assert.Contains($"\"trainer\": \"{trainer}\"", text);
        }
        var verified = MlopsTool.Run(project.Directory, "verify", package, "--inputs", ".");
        Assert.True(verified.Succeeded, verified.Output);
        Assert.Contains($"{Id} 1.0.0: model Churn, {trainer}, seed ", verified.Output);

        var predictions = Path.Combine(project.Directory, "predictions.csv");
        var score = MlopsTool.Run(project.Directory, "score", package, "data/test.csv", "-o", predictions);
        Assert.True(score.Succeeded, score.Output);
        Assert.Equal(4001, File.ReadLines(predictions).Count()); // a header and one probability per row

        var history = MlopsTool.Run(project.Directory, "history", Id, "--source", feed);
        Assert.True(history.Succeeded, history.Output);
        Assert.Contains("first version", history.Output);

        var diff = MlopsTool.Run(project.Directory, "diff", $"{Id}@1.0.0", ".", "--source", feed);
        Assert.True(diff.ExitCode == 0, diff.ToString());
        Assert.Contains($"{Id} last build is not significantly worse than {Id} 1.0.0.", diff.Output);
    }
}
