using System.Globalization;
using System.IO.Compression;
using MLOps.Runtime;
using Xunit;

namespace MLOps.Build.Tests;

/// <summary>A release manager packs a model; an app developer references the package and scores with MLOps.Runtime.</summary>
public class PackageTests
{
    // A fresh id per run: restored packages are cached by id and version, and this model changes with the engine.
    private static readonly string Id = "Contoso.Models.Churn" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public void A_model_whose_gate_failed_is_not_packed_even_with_no_build_until_an_override_passes_it()
    {
        using var project = new ModelProject().WithChurnProject($"<PackageId>{Id}.Gated</PackageId><Version>1.0.0</Version>", """<ModelGate Include="auc" Minimum="0.99" />""");
        var feed = Path.Combine(project.Directory, "model-feed");
        var failed = project.Build("-c", "Release");
        Assert.False(failed.Succeeded, failed.Output);

        var refused = project.Dotnet("pack", project.ProjectPath, "--no-build", "-o", feed);

        Assert.False(refused.Succeeded, refused.Output);
        Assert.Contains($"{project.ProjectPath} : error MLOPS4027: Model 'Churn' is not packed: 1 gate(s) failed without an override ('auc Minimum=0.99'; 0 of 1 gates passed, 1 failed, 0 inconclusive, 0 skipped).", refused.Output);
        Assert.False(File.Exists(Path.Combine(feed, $"{Id}.Gated.1.0.0.nupkg")));

        var overridden = project.Build("-c", "Release", "-p:GateOverrideReason=\"Known AUC ceiling, approved\"");
        Assert.True(overridden.Succeeded, overridden.Output);
        var packed = project.Dotnet("pack", project.ProjectPath, "--no-build", "-o", feed);
        Assert.True(packed.Succeeded, packed.Output);
        Assert.True(File.Exists(Path.Combine(feed, $"{Id}.Gated.1.0.0.nupkg")));
    }

    [Fact]
    public void A_packed_model_restores_into_an_app_that_scores_as_the_model_does()
    {
        using var project = new ModelProject().WithChurnProject($"<PackageId>{Id}</PackageId><Version>1.0.0</Version>");
        var feed = Path.Combine(project.Directory, "model-feed");

        var pack = project.Dotnet("pack", project.ProjectPath, "-o", feed);

        Assert.True(pack.Succeeded, pack.Output);
        Assert.DoesNotContain("warning", pack.Output);
        var package = Path.Combine(feed, $"{Id}.1.0.0.nupkg");
        using (var zip = ZipFile.OpenRead(package))
        {
            var entries = zip.Entries.Select(e => e.FullName).ToArray();
            Assert.Contains("models/Churn.model.json", entries);
            Assert.Contains("models/Churn.metrics.json", entries);
            Assert.Contains("models/Churn.report.html", entries);
            Assert.Contains($"buildTransitive/{Id}.props", entries);
            using var nuspec = new StreamReader(zip.GetEntry($"{Id}.nuspec")!.Open());
            Assert.Contains($"<dependency id=\"MLOps.Runtime\" version=\"{Repository.Version}\"", nuspec.ReadToEnd());

            // ModelLineagePath names the lineage that went into the package (dotnet pack builds Release).
            var property = project.Dotnet("msbuild", project.ProjectPath, "-p:Configuration=Release", "-getProperty:ModelLineagePath");
            Assert.True(property.Succeeded, property.ToString());
            var lineage = property.Output.Trim(); // one property: msbuild prints its value alone
            using var packed = new MemoryStream();
            using (var entry = zip.GetEntry("models/Churn.lineage.json")!.Open()) entry.CopyTo(packed);
            Assert.Equal(packed.ToArray(), File.ReadAllBytes(lineage));
        }

        var app = Path.Combine(project.Directory, "app");
        ModelProject.WriteApp(app, Id, feed, """
            using MLOps.Runtime;
            var model = Model.Load(Path.Combine(AppContext.BaseDirectory, "Churn.model.json"));
            var row = model.CreateRow().Set("tenure_months", 3).Set("monthly_charges", 80.5).Set("contract", "month-to-month").Set("senior", false);
            Console.WriteLine("score " + model.Score(row).ToString("R", System.Globalization.CultureInfo.InvariantCulture));
            """, """<Target Name="ShowModelPath" AfterTargets="Build"><Message Importance="high" Text="model path: $(ChurnModelPath)" /></Target>""");

        var build = project.Dotnet("build", Path.Combine(app, "App.csproj"));
        var run = project.Dotnet("run", "--no-build", "--project", Path.Combine(app, "App.csproj"));

        Assert.True(build.Succeeded, build.Output);
        Assert.Contains("model path: ", build.Output);
        Assert.Contains("models/Churn.model.json", build.Output.Replace('\\', '/'));
        Assert.True(run.Succeeded, run.Output);
        var model = Model.Load(Path.Combine(project.Directory, "bin", "Release", "net8.0", "Churn.model.json")); // dotnet pack builds Release
        var row = model.CreateRow().Set("tenure_months", 3).Set("monthly_charges", 80.5).Set("contract", "month-to-month").Set("senior", false);
        Assert.Contains("score " + model.Score(row).ToString("R", CultureInfo.InvariantCulture), run.Output);
    }
}
