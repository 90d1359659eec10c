using System.Text.RegularExpressions;
using Xunit;

namespace MLOps.Build.Tests;

/// <summary>A build reads each data file from disk at most twice: once to fingerprint it, once to load it.</summary>
public class DataReadTests
{
    [Fact]
    public void A_clean_build_with_contract_gates_and_slices_opens_each_data_file_at_most_twice()
    {
        using var project = new ModelProject().WithChurnProject(
            "<DataSchemaFile>churn.schema.json</DataSchemaFile>",
            """
            <ModelGate Include="auc" Minimum="0.5" />
            <SliceColumn Include="region" MinimumRows="50" />
            <FairnessGate Include="gender" Metric="demographic_parity_ratio" Minimum="0.1" />
            """);
        File.Copy(Path.Combine(Repository.Root, "samples", "Churn", "churn.schema.json"), Path.Combine(project.Directory, "churn.schema.json"));
        var trace = Path.Combine(project.Directory, "opens.txt");

        var build = project.BuildTracingOpens(trace);
        if (build is null) return; // no strace here

        Assert.True(build.Succeeded && build.Trained, build.ToString());
        var opens = File.ReadLines(trace).Where(line => line.Contains("openat(") && !line.Contains("ENOENT")).ToArray();
        foreach (var file in new[] { "train.csv", "test.csv" })
        {
            var count = opens.Count(line => Regex.IsMatch(line, $"\"[^\"]*/data/{Regex.Escape(file)}\""));
            Assert.True(count is >= 1 and <= 2, $"data/{file} was opened {count} times:\n{string.Join('\n', opens.Where(l => l.Contains(file)))}");
        }
    }

    [Fact]
    public void A_no_op_build_reads_no_data_file_and_no_evaluation_output()
    {
        using var project = new ModelProject().WithChurnProject();
        Assert.True(project.Build().Succeeded);
        var trace = Path.Combine(project.Directory, "opens.txt");

        var build = project.BuildTracingOpens(trace);
        if (build is null) return; // no strace here

        Assert.True(build.Succeeded && !build.Trained, build.ToString());
        Assert.Contains("Churn: model is up to date", build.Output);
        var read = File.ReadLines(trace).Where(line => line.Contains("openat(") && !line.Contains("ENOENT"))
            .Where(line => Regex.IsMatch(line, "/data/(train|test)\\.csv\"|Churn\\.(metrics\\.json|report\\.md)\"")).ToArray();
        Assert.True(read.Length == 0, string.Join('\n', read));
    }
}
