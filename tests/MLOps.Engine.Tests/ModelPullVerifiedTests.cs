using MLOps.Engine.Diagnostics;
using MLOps.Engine.Registry;
using Xunit;

namespace MLOps.Engine.Tests;

/// <summary>Verifying a package named by its path works on a temporary copy and leaves the user's folder alone.</summary>
public sealed class ModelPullVerifiedTests
{
    [Fact]
    public void A_package_named_by_its_absolute_path_keeps_its_folder()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"mlops-feed-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var package = Path.Combine(folder, "Broken.1.0.0.nupkg");
        File.WriteAllBytes(package, [1, 2, 3]);
        try
        {
            ModelPull.Verified(File.ReadAllBytes(package), package, new DiagnosticBag());

            Assert.True(File.Exists(package), "verifying deleted the package's own folder");
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }
}
