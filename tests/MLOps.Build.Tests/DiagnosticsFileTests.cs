using System.Text.Json;
using Xunit;

namespace MLOps.Build.Tests;

/// <summary>The build records its MLOPS diagnostics beside its outputs (ModelDiagnosticsPath), so CI can report them later.</summary>
public class DiagnosticsFileTests
{
    [Fact]
    public void A_failed_build_records_its_errors_with_file_line_and_column_and_the_next_build_replaces_them()
    {
        using var project = new ModelProject().WithChurnProject();
        var path = Path.Combine(project.OutputDirectory, "Churn.diagnostics.json");
        Assert.True(project.Build().Succeeded);
        Assert.Empty(Errors(path));
        project.EditData("train.csv", "C01000000,34,", "C01000000,3x4,");

        Assert.False(project.Build().Succeeded);

        var error = Assert.Single(Errors(path));
        Assert.Equal("MLOPS1010", error.GetProperty("code").GetString());
        Assert.Equal("data/train.csv", error.GetProperty("file").GetString());
        Assert.Equal(2, error.GetProperty("line").GetInt32());
        Assert.Equal(11, error.GetProperty("column").GetInt32());
        Assert.Contains("'3x4'", error.GetProperty("message").GetString());
        // The build stopped at validation: no step after it has a section.
        Assert.Equal(["validate"], Steps(path));

        project.EditData("train.csv", "C01000000,3x4,", "C01000000,34,");
        Assert.True(project.Build().Succeeded);
        Assert.Empty(Errors(path));
        Assert.Contains("gate", Steps(path));
    }

    [Fact]
    public void The_path_is_an_output_property_and_clean_removes_the_file()
    {
        using var project = new ModelProject().WithChurnProject();
        Assert.True(project.Build().Succeeded);
        var property = project.Dotnet("msbuild", project.ProjectPath, "-getProperty:ModelDiagnosticsPath");
        var path = property.Output.Trim();
        Assert.Equal(Path.Combine(project.OutputDirectory, "Churn.diagnostics.json"), path);
        Assert.True(File.Exists(path));

        Assert.True(project.Dotnet("clean", project.ProjectPath).Succeeded);

        Assert.False(File.Exists(path));
    }

    private static JsonElement[] Errors(string path) => Read(path).GetProperty("steps").EnumerateArray()
        .SelectMany(s => s.GetProperty("diagnostics").EnumerateArray()).Where(d => d.GetProperty("severity").GetString() == "error").ToArray();

    private static string[] Steps(string path) => Read(path).GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("step").GetString()!).ToArray();

    private static JsonElement Read(string path) => JsonDocument.Parse(File.ReadAllText(path)).RootElement.Clone();
}
