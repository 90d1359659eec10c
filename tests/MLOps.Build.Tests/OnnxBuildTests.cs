using System.IO.Compression;
using Xunit;

namespace MLOps.Build.Tests;

/// <summary>ModelExportOnnx in a real dotnet build: the task loads ONNX Runtime's native library from its package, and the file is packed and verified.</summary>
public class OnnxBuildTests
{
    [Fact]
    public void The_onnx_export_is_checked_in_the_build_kept_incrementally_packed_listed_and_verified()
    {
        using var project = new ModelProject().WithChurnProject("<ModelExportOnnx>true</ModelExportOnnx><PackageId>Contoso.Models.ChurnOnnx</PackageId><Version>1.0.0</Version>");
        var onnx = Path.Combine(project.OutputDirectory, "Churn.onnx");

        var build = project.Build();

        Assert.True(build.Succeeded, build.Output);
        Assert.Contains("Churn: ONNX export checked by ONNX Runtime on ", build.Output);
        Assert.Contains($"-> {onnx}", build.Output);
        var bytes = File.ReadAllBytes(onnx);

        var again = project.Build();
        Assert.True(again.Succeeded, again.Output);
        Assert.False(again.Trained, again.Output);
        Assert.DoesNotContain("ONNX export checked", again.Output);

        // A changed ONNX file is not the one the build recorded: the evaluation (which writes it) runs again.
        File.WriteAllBytes(onnx, [.. bytes, 0]);
        var repaired = project.Build();
        Assert.True(repaired.Succeeded, repaired.Output);
        Assert.Contains("ONNX export checked by ONNX Runtime", repaired.Output);
        Assert.Equal(bytes, File.ReadAllBytes(onnx));

        var feed = Path.Combine(project.Directory, "feed");
        var pack = project.Dotnet("pack", project.ProjectPath, "-o", feed);
        Assert.True(pack.Succeeded, pack.Output);
        var package = Path.Combine(feed, "Contoso.Models.ChurnOnnx.1.0.0.nupkg");
        using (var zip = ZipFile.OpenRead(package))
        {
            Assert.NotNull(zip.GetEntry("models/Churn.onnx"));
            using var lineage = new StreamReader(zip.GetEntry("models/Churn.lineage.json")!.Open());
            Assert.Contains("\"path\": \"models/Churn.onnx\"", lineage.ReadToEnd());
        }
        var verified = MlopsTool.Run(project.Directory, "verify", package, "--inputs", ".");
        Assert.True(verified.Succeeded, verified.Output);

        var tampered = Path.Combine(project.Directory, "tampered.nupkg");
        File.Copy(package, tampered);
        using (var zip = ZipFile.Open(tampered, ZipArchiveMode.Update))
        {
            zip.GetEntry("models/Churn.onnx")!.Delete();
            using var entry = zip.CreateEntry("models/Churn.onnx").Open();
            entry.Write([.. bytes, 0]);
        }
        var bad = MlopsTool.Run(project.Directory, "verify", tampered);
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("error MLOPS4003: 'models/Churn.onnx' has SHA-256", bad.Output);
    }

    [Fact]
    public void A_value_other_than_true_or_false_is_a_coded_error_naming_the_project()
    {
        using var project = new ModelProject().WithChurnProject("<ModelExportOnnx>yes</ModelExportOnnx>");

        var build = project.Build();

        Assert.False(build.Succeeded, build.Output);
        Assert.Contains($"{project.ProjectPath} : error MLOPS2060: ModelExportOnnx 'yes' is neither true nor false.", build.Output);
    }
}
