using System.IO.Compression;
using Xunit;

namespace MLOps.Build.Tests;

/// <summary>A model package carries its lineage and card, packs to the same bytes twice, and `mlops verify` catches tampering.</summary>
public class ReproduciblePackageTests
{
    [Fact]
    public void Two_clean_packs_are_byte_identical_and_carry_lineage_and_a_model_card()
    {
        using var project = new ModelProject().WithChurnProject(
            "<PackageId>Contoso.Models.Churn</PackageId><Version>1.2.0</Version><ModelIntendedUse>Rank customers for retention calls.</ModelIntendedUse>");
        File.Copy(Path.Combine(Repository.Root, "samples", "Churn", "churn.schema.json"), Path.Combine(project.Directory, "churn.schema.json"));
        project.WithChurnProject("<PackageId>Contoso.Models.Churn</PackageId><Version>1.2.0</Version><DataSchemaFile>churn.schema.json</DataSchemaFile>" +
            "<ModelIntendedUse>Rank customers for retention calls.</ModelIntendedUse>");

        var first = project.Dotnet("pack", project.ProjectPath, "-o", Path.Combine(project.Directory, "first"));
        Assert.True(first.Succeeded, first.Output);
        Directory.Delete(Path.Combine(project.Directory, "bin"), recursive: true);
        Directory.Delete(Path.Combine(project.Directory, "obj"), recursive: true);
        var second = project.Dotnet("pack", project.ProjectPath, "-o", Path.Combine(project.Directory, "second"));
        Assert.True(second.Succeeded, second.Output);

        var name = "Contoso.Models.Churn.1.2.0.nupkg";
        var package = Path.Combine(project.Directory, "first", name);
        Assert.Equal(File.ReadAllBytes(package), File.ReadAllBytes(Path.Combine(project.Directory, "second", name)));
        using var zip = ZipFile.OpenRead(package);
        var entries = zip.Entries.Select(e => e.FullName).ToArray();
        Assert.Contains("models/Churn.lineage.json", entries);
        Assert.Contains("models/Churn.card.md", entries);
        Assert.Contains("models/churn.schema.json", entries);
        Assert.Contains("models/Churn.validation.json", entries);
        Assert.Contains("README.md", entries);
        using var card = new StreamReader(zip.GetEntry("models/Churn.card.md")!.Open());
        var text = card.ReadToEnd();
        Assert.Contains("Rank customers for retention calls.", text);
        Assert.Contains("## Metrics", text);
        Assert.Contains("training data: `data/train.csv`", text);
        using var lineage = new StreamReader(zip.GetEntry("models/Churn.lineage.json")!.Open());
        var json = lineage.ReadToEnd();
        Assert.Contains("\"path\": \"models/Churn.model.json\"", json);
        Assert.DoesNotContain("builtAt", json);
    }

    [Fact]
    public void Mlops_verify_passes_a_packed_model_and_fails_a_tampered_one()
    {
        using var project = new ModelProject().WithChurnProject("<PackageId>Contoso.Models.Churn</PackageId><Version>1.0.0</Version>");
        Assert.True(project.Dotnet("pack", project.ProjectPath, "-o", Path.Combine(project.Directory, "feed")).Succeeded);
        var package = Path.Combine(project.Directory, "feed", "Contoso.Models.Churn.1.0.0.nupkg");

        var good = MlopsTool.Run(project.Directory, "verify", package, "--inputs", ".");
        Assert.True(good.Succeeded, good.Output);
        Assert.Contains("Verified:", good.Output);

        var tampered = Path.Combine(project.Directory, "tampered.nupkg");
        File.Copy(package, tampered);
        using (var zip = ZipFile.Open(tampered, ZipArchiveMode.Update))
        {
            var entry = zip.GetEntry("models/Churn.model.json")!;
            string text;
            using (var reader = new StreamReader(entry.Open())) text = reader.ReadToEnd();
            entry.Delete();
            using var writer = new StreamWriter(zip.CreateEntry("models/Churn.model.json").Open());
            writer.Write(text.Replace("\"intercept\": ", "\"intercept\": 1"));
        }
        var bad = MlopsTool.Run(project.Directory, "verify", tampered);
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("error MLOPS4003: 'models/Churn.model.json' has SHA-256", bad.Output);

        project.EditData("train.csv", "C01000000,34,", "C01000000,35,");
        var changedInput = MlopsTool.Run(project.Directory, "verify", package, "--inputs", ".");
        Assert.Equal(1, changedInput.ExitCode);
        Assert.Contains("error MLOPS4004: The training data 'data/train.csv' has SHA-256", changedInput.Output);
    }
}
