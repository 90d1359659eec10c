using System.Reflection;
using System.Text.RegularExpressions;
using MLOps.Engine.Diagnostics;
using Xunit;

namespace MLOps.Engine.Tests;

/// <summary>The docs and the repository's own files say what the code does.</summary>
public class DocumentationTests
{
    internal static readonly string Root = FindRoot();

    [Fact]
    public void Every_diagnostic_code_is_documented()
    {
        var docs = File.ReadAllText(Path.Combine(Root, "docs", "diagnostics.md"));
        var codes = typeof(DiagnosticCodes).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetValue(null)!);

        Assert.All(codes, code => Assert.Matches($@"\| {code} \|", docs));
    }

    [Fact]
    public void Every_code_used_in_src_is_a_declared_code()
    {
        var declared = typeof(DiagnosticCodes).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetValue(null)!).ToHashSet();
        var used = Directory.GetFiles(Path.Combine(Root, "src"), "*.*", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .SelectMany(f => Regex.Matches(File.ReadAllText(f), @"MLOPS\d{4}").Select(m => m.Value)).ToHashSet();

        Assert.Subset(declared, used);
    }

    [Fact]
    public void The_sample_asks_for_the_version_the_repository_packs()
    {
        var versions = File.ReadAllText(Path.Combine(Root, "eng", "Versions.props"));
        var version = Regex.Match(versions, "<VersionPrefix>(.+)</VersionPrefix>").Groups[1].Value;
        var sampleGlobalJson = File.ReadAllText(Path.Combine(Root, "samples", "Churn", "global.json"));

        Assert.Contains($"\"MLOps.Build.Sdk\": \"{version}\"", sampleGlobalJson);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "MLOps.Build.sln"))) return dir.FullName;
        throw new InvalidOperationException("Cannot find the repository root.");
    }
}
