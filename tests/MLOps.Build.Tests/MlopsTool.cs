using System.Diagnostics;
using Xunit;

namespace MLOps.Build.Tests;

/// <summary>The mlops tool, installed once per test run from the packed feed with `dotnet tool install`, as a user installs it.</summary>
internal static class MlopsTool
{
    private static readonly Lazy<string> Tool = new(Install);

    /// <summary>The installed tool's executable, for scripts that run it themselves.</summary>
    public static string Executable => Tool.Value;

    private static string Install()
    {
        var toolPath = Path.Combine(Path.GetTempPath(), "mlops-e2e-tools", Guid.NewGuid().ToString("N")[..12]);
        using var project = new ModelProject(copyData: false);
        var result = project.Dotnet("tool", "install", "MLOps.Cli", "--tool-path", toolPath, "--version", Repository.Version);
        Assert.True(result.Succeeded, result.ToString());
        return Path.Combine(toolPath, "mlops");
    }

    /// <summary>Runs mlops in <paramref name="directory"/>.</summary>
    public static CommandResult Run(string directory, params string[] arguments) => Run(directory, new Dictionary<string, string>(), arguments);

    /// <summary>Runs mlops in <paramref name="directory"/> with <paramref name="environment"/> and none of the CI's own GITHUB_* variables.</summary>
    public static CommandResult Run(string directory, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo(Tool.Value) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("GITHUB_", StringComparison.Ordinal)).ToArray()) start.Environment.Remove(name);
        start.Environment["NUGET_PACKAGES"] = Repository.PackagesFolder;
        foreach (var (name, value) in environment) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return new CommandResult(process.ExitCode, output.Result + error.Result) { StandardOutput = output.Result };
    }
}
