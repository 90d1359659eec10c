using System.IO.Compression;
using System.Text;
using MLOps.Engine.Packages;
using MLOps.Testing;
using Xunit;

namespace MLOps.GitHub.Tests;

/// <summary>mlops github release: the tag's release with the package, its model card (the notes) and HTML report.</summary>
public sealed class ReleaseTests : IDisposable
{
    private const string Token = "ghs_releaseTOKEN";
    private readonly LoopbackGitHub _github = new(Token);
    private readonly string _package = Path.Combine(Path.GetTempPath(), $"Contoso.Models.Churn.1.2.0-{Guid.NewGuid():N}.nupkg");

    private GitHubReporter Reporter() => new(new GitHubTarget(Token, ApiAddress.For(_github.BaseUrl), "contoso", "models", "abc"),
        new RetryPolicy { Wait = (_, _) => Task.CompletedTask });

    [Fact]
    public async Task A_release_gets_the_package_card_and_report_and_running_again_replaces_them()
    {
        WritePackage("# Churn model card\n", "<html>v1</html>");

        var first = await Reporter().ReleaseAsync("v1.2.0", [ReleaseAssets.From(_package)]);
        WritePackage("# Churn model card, fixed\n", "<html>v2</html>");
        var second = await Reporter().ReleaseAsync("v1.2.0", [ReleaseAssets.From(_package)]);

        Assert.Empty(first.Warnings);
        Assert.Empty(second.Warnings);
        Assert.Contains("created release 'v1.2.0' with 3 assets", Assert.Single(first.Messages));
        Assert.Contains("replacing 3", Assert.Single(second.Messages));
        var release = Assert.Single(_github.Releases);
        Assert.Equal("# Churn model card, fixed\n", (string?)release["body"]);
        Assert.Equal(new[] { Path.GetFileName(_package), "Churn.card.md", "Churn.report.html" }.Order(StringComparer.Ordinal), _github.Assets.Select(a => a.Name).Order(StringComparer.Ordinal));
        Assert.Equal("<html>v2</html>", Encoding.UTF8.GetString(_github.Assets.Single(a => a.Name == "Churn.report.html").Content));
        Assert.Equal(File.ReadAllBytes(_package), _github.Assets.Single(a => a.Name.EndsWith(".nupkg", StringComparison.Ordinal)).Content);
    }

    [Fact]
    public async Task A_failed_upload_leaves_the_old_asset_and_the_next_run_replaces_it()
    {
        WritePackage("# card\n", "<html>v1</html>");
        await Reporter().ReleaseAsync("v1.2.0", [ReleaseAssets.From(_package)]);
        WritePackage("# card\n", "<html>v2</html>");
        _github.FailNext("POST", "/uploads/", 500);

        var failed = await Reporter().ReleaseAsync("v1.2.0", [ReleaseAssets.From(_package)]);

        Assert.Contains(failed.Warnings, w => w.Code == "MLOPS5005");
        // Every asset is still there under its name, the package first of all.
        Assert.Equal(new[] { Path.GetFileName(_package), "Churn.card.md", "Churn.report.html" }.Order(StringComparer.Ordinal), _github.Assets.Select(a => a.Name).Order(StringComparer.Ordinal));

        var again = await Reporter().ReleaseAsync("v1.2.0", [ReleaseAssets.From(_package)]);

        Assert.Empty(again.Warnings);
        Assert.Equal(3, _github.Assets.Count);
        Assert.Equal("<html>v2</html>", Encoding.UTF8.GetString(_github.Assets.Single(a => a.Name == "Churn.report.html").Content));
    }

    [Fact]
    public async Task A_release_created_despite_a_502_is_not_created_twice()
    {
        WritePackage("# card\n", "<html>v1</html>");
        _github.FailNextAfterApplying("POST", "/releases", 502);

        var outcome = await Reporter().ReleaseAsync("v1.2.0", [ReleaseAssets.From(_package)]);

        Assert.Empty(outcome.Warnings);
        Assert.Single(_github.Releases);
        Assert.Equal(3, _github.Assets.Count);
    }

    [Fact]
    public void A_file_that_is_not_a_package_is_invalid_data()
    {
        File.WriteAllText(_package, "not a zip");

        Assert.Throws<InvalidDataException>(() => ReleaseAssets.From(_package));
    }

    private void WritePackage(string card, string report)
    {
        using var zip = new ZipArchive(File.Create(_package), ZipArchiveMode.Create);
        void Add(string name, string text)
        {
            using var writer = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
            writer.Write(text);
        }
        Add("Contoso.Models.Churn.nuspec", """<?xml version="1.0"?><package><metadata><id>Contoso.Models.Churn</id><version>1.2.0</version></metadata></package>""");
        Add("models/Churn.card.md", card);
        Add("models/Churn.report.html", report);
    }

    public void Dispose()
    {
        _github.Dispose();
        File.Delete(_package);
    }
}
