using System.Text.RegularExpressions;

namespace MLOps.Build.Tests;

/// <summary>Where the repository, its packed packages and its sample data are.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string PackageFeed => Path.Combine(Root, "artifacts", "packages");

    /// <summary>The package folder builds restore into (the Cake script sets NUGET_PACKAGES; same default here).</summary>
    public static string PackagesFolder =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } folder ? folder : Path.Combine(Root, "artifacts", "nuget-packages");

    /// <summary>The version of the packed MLOps.Build.Sdk package.</summary>
    public static string Version { get; } = FindVersion();

    public static string SampleData(string file) => Path.Combine(Root, "samples", "Churn", "data", file);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "MLOps.Build.sln"))) return dir.FullName;
        throw new InvalidOperationException("Cannot find the repository root (MLOps.Build.sln) above " + AppContext.BaseDirectory);
    }

    private static string FindVersion()
    {
        var sdk = Directory.Exists(PackageFeed) ? Directory.GetFiles(PackageFeed, "MLOps.Build.Sdk.*.nupkg").SingleOrDefault() : null;
        if (sdk is null)
            throw new InvalidOperationException($"No MLOps.Build.Sdk package in {PackageFeed}. Run ./build.sh --target=Pack first (./build.sh --target=Test does).");
        return Regex.Match(Path.GetFileName(sdk), @"^MLOps\.Build\.Sdk\.(.+)\.nupkg$").Groups[1].Value;
    }
}
