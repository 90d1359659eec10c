// The repository's build. Run through ./build.sh or ./build.ps1: `--target=Test` runs every test.
// Targets: Clean, Build, Pack, Sample (default; builds samples/Churn with the Cake.MLOps addin, build/sample.cake), Test.

var target = Argument("target", "Sample");
var configuration = Argument("configuration", "Release");

// Cake runs with the script's folder (build/) as working directory.
var root = MakeAbsolute(Directory(".."));
var solution = root.CombineWithFilePath("MLOps.Build.sln");
var packages = root.Combine("artifacts/packages");
var testResults = root.Combine("artifacts/test-results");
// Builds of samples and end-to-end tests restore into their own package folder, so a re-pack of the same
// version is never shadowed by an older copy in the user's global packages folder.
var isolatedPackages = root.Combine("artifacts/nuget-packages");

void ForgetOurPackages()
{
    if (!DirectoryExists(isolatedPackages)) return;
    foreach (var dir in GetDirectories(isolatedPackages.FullPath + "/mlops.*").Concat(GetDirectories(isolatedPackages.FullPath + "/cake.mlops")))
        DeleteDirectory(dir, new DeleteDirectorySettings { Recursive = true, Force = true });
}

Task("Clean")
    .Does(() =>
{
    CleanDirectory(packages);
    CleanDirectory(testResults);
    ForgetOurPackages();
    DotNetClean(solution.FullPath, new DotNetCleanSettings { Configuration = configuration });
});

Task("Build")
    .Does(() =>
{
    DotNetBuild(solution.FullPath, new DotNetBuildSettings { Configuration = configuration });
});

Task("Pack")
    .IsDependentOn("Build")
    .Does(() =>
{
    CleanDirectory(packages);
    DotNetPack(solution.FullPath, new DotNetPackSettings { Configuration = configuration, NoBuild = true, OutputDirectory = packages });
    ForgetOurPackages();
    foreach (var package in GetFiles(packages.FullPath + "/*.nupkg"))
        Information("Packed {0}", root.GetRelativePath(package));
});

Task("Sample")
    .IsDependentOn("Pack")
    .Does(() =>
{
    // Dogfooding: build/sample.cake builds and gates the sample with the Cake.MLOps addin just built. It loads the
    // addin's Release build (#r takes no arguments), so another configuration builds that too.
    if (configuration != "Release")
        DotNetBuild(root.CombineWithFilePath("src/Cake.MLOps/Cake.MLOps.csproj").FullPath, new DotNetBuildSettings { Configuration = "Release" });
    var exitCode = StartProcess("dotnet", new ProcessSettings
    {
        Arguments = new ProcessArgumentBuilder().Append("cake").Append("sample.cake").Append($"--configuration={configuration}"),
        WorkingDirectory = root.Combine("build"),
        EnvironmentVariables = new Dictionary<string, string> { ["NUGET_PACKAGES"] = isolatedPackages.FullPath },
    });
    if (exitCode != 0) throw new Exception($"build/sample.cake failed with exit code {exitCode}.");
});

Task("Test")
    .IsDependentOn("Pack")
    .Does(() =>
{
    CleanDirectory(testResults);
    var failed = false;
    foreach (var project in GetFiles(root.FullPath + "/tests/**/*.Tests.csproj"))
    {
        try
        {
            DotNetTest(project.FullPath, new DotNetTestSettings
            {
                Configuration = configuration,
                NoBuild = true,
                Loggers = new[] { $"trx;LogFileName={project.GetFilenameWithoutExtension()}.trx", "console;verbosity=normal" },
                ResultsDirectory = testResults,
                EnvironmentVariables = new Dictionary<string, string> { ["NUGET_PACKAGES"] = isolatedPackages.FullPath },
            });
        }
        catch (Exception)
        {
            failed = true; // run every test project, then fail
        }
    }
    // The bootstrap and the batch tree scorers have AVX-512, AVX2 and narrower paths that must agree; this machine takes the first, so run
    // those tests again with the wider instruction sets switched off (runtime knobs: DOTNET_EnableAVX512 on .NET 10,
    // where DOTNET_EnableAVX512F no longer switches Vector512 off). The reader's number parser and comma scan have
    // register and scalar paths too: with every hardware intrinsic off they take the scalar ones.
    foreach (var (name, variable, filter) in new[]
    {
        ("no-avx512", "DOTNET_EnableAVX512", "FullyQualifiedName~Bootstrap|FullyQualifiedName~TreeScoring|FullyQualifiedName~FeatureBins"),
        ("no-avx2", "DOTNET_EnableAVX2", "FullyQualifiedName~Bootstrap|FullyQualifiedName~TreeScoring|FullyQualifiedName~FeatureBins|FullyQualifiedName~RowSplit|FullyQualifiedName~Leaves_read_by_rows"),
        ("no-simd", "DOTNET_EnableHWIntrinsic", "FullyQualifiedName~FastNumber|FullyQualifiedName~CsvReader|FullyQualifiedName~ParallelValidation|FullyQualifiedName~RadixSort|FullyQualifiedName~ValueCounter"),
    })
    {
        try
        {
            DotNetTest(root.CombineWithFilePath("tests/MLOps.Engine.Tests/MLOps.Engine.Tests.csproj").FullPath, new DotNetTestSettings
            {
                Configuration = configuration,
                NoBuild = true,
                Filter = filter,
                Loggers = new[] { $"trx;LogFileName=MLOps.Engine.Tests.{name}.trx" },
                ResultsDirectory = testResults,
                EnvironmentVariables = new Dictionary<string, string> { [variable] = "0" },
            });
        }
        catch (Exception)
        {
            failed = true;
        }
    }

    // One plain closing line over all test runs.
    int passed = 0, failures = 0, skipped = 0;
    foreach (var trx in GetFiles(testResults.FullPath + "/*.trx"))
    {
        var counters = System.Xml.Linq.XDocument.Load(trx.FullPath).Descendants().First(e => e.Name.LocalName == "Counters");
        passed += int.Parse(counters.Attribute("passed").Value);
        failures += int.Parse(counters.Attribute("failed").Value) + int.Parse(counters.Attribute("error").Value);
        skipped += int.Parse(counters.Attribute("notExecuted").Value);
    }
    Console.WriteLine($"{passed} passed, {failures} failed, {skipped} skipped"); // plain, uncoloured: CI reads it
    if (failed || failures > 0) throw new Exception($"{failures} test(s) failed.");
    if (passed == 0) throw new Exception("No test ran.");
});

RunTarget(target);
