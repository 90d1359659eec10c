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
        Assert.StartsWith("Verified: Contoso.Models.Churn 1.0.0, ", good.StandardOutput);

        // Every kind of entry a consumer gets, changed after packing: each is reported, and the verdict is on standard output.
        var tamperings = new (string Name, Action<ZipArchive> Change, string Reported)[]
        {
            ("model", zip => Replace(zip, "models/Churn.model.json", t => t.Replace("\"intercept\": ", "\"intercept\": 1")), "error MLOPS4003: 'models/Churn.model.json' has SHA-256"),
            ("build props", zip => Replace(zip, "build/Contoso.Models.Churn.props", t => t.Replace("</Project>", "<Target Name=\"Evil\" BeforeTargets=\"Build\" /></Project>")), "error MLOPS4003: 'build/Contoso.Models.Churn.props' has SHA-256"),
            ("buildTransitive props", zip => Replace(zip, "buildTransitive/Contoso.Models.Churn.props", t => t + " "), "error MLOPS4003: 'buildTransitive/Contoso.Models.Churn.props' has SHA-256"),
            ("README", zip => Replace(zip, "README.md", t => t + "\nCall 555-0100 for support.\n"), "error MLOPS4003: 'README.md' has SHA-256"),
            ("lib", zip => Add(zip, "lib/net8.0/Evil.dll", "MZ"), "error MLOPS4003: 'lib/net8.0/Evil.dll' is in the package but not in the lineage"),
            ("content", zip => Add(zip, "contentFiles/any/any/evil.cs", "class Evil {}"), "error MLOPS4003: 'contentFiles/any/any/evil.cs' is in the package but not in the lineage"),
            ("removed file", zip => zip.GetEntry("models/Churn.report.md")!.Delete(), "error MLOPS4003: 'models/Churn.report.md' is in the lineage but not in the package"),
            ("nuspec dependency", zip => Replace(zip, "Contoso.Models.Churn.nuspec", t => t.Replace("id=\"MLOps.Runtime\" version=\"", "id=\"MLOps.Runtime\" version=\"0.0.1-evil-")), "error MLOPS4024: 'Contoso.Models.Churn.nuspec' has dependencies"),
            ("nuspec metadata", zip => Replace(zip, "Contoso.Models.Churn.nuspec", t => t.Replace("<description>", "<description>Trusted! ")), "error MLOPS4024: 'Contoso.Models.Churn.nuspec' has other metadata than was packed"),
            ("nuspec identity", zip => Replace(zip, "Contoso.Models.Churn.nuspec", t => t.Replace("<version>1.0.0</version>", "<version>1.0.1</version>")), "error MLOPS4024: 'Contoso.Models.Churn.nuspec' names Contoso.Models.Churn 1.0.1"),
        };
        foreach (var (name, change, reported) in tamperings)
        {
            var tampered = Path.Combine(project.Directory, $"tampered-{name.Replace(' ', '-')}.nupkg");
            File.Copy(package, tampered);
            using (var zip = ZipFile.Open(tampered, ZipArchiveMode.Update)) change(zip);
            var bad = MlopsTool.Run(project.Directory, "verify", tampered);
            Assert.True(bad.ExitCode == 1, $"{name}: {bad}");
            Assert.True(bad.Output.Contains(reported), $"{name}: {bad}");
            Assert.StartsWith("Not verified: Contoso.Models.Churn 1.0.0 has ", bad.StandardOutput);
        }

        project.EditData("train.csv", "C01000000,34,", "C01000000,35,");
        var changedInput = MlopsTool.Run(project.Directory, "verify", package, "--inputs", ".");
        Assert.Equal(1, changedInput.ExitCode);
        Assert.Contains("error MLOPS4004: The training data 'data/train.csv' has SHA-256", changedInput.Output);
    }

    private static void Replace(ZipArchive zip, string path, Func<string, string> change)
    {
        var entry = zip.GetEntry(path) ?? throw new ArgumentException($"{path} is not in the package.");
        string text;
        using (var reader = new StreamReader(entry.Open())) text = reader.ReadToEnd();
        entry.Delete();
        Add(zip, path, change(text));
    }

    private static void Add(ZipArchive zip, string path, string text)
    {
        using var writer = new StreamWriter(zip.CreateEntry(path).Open());
        writer.Write(text);
    }
}
