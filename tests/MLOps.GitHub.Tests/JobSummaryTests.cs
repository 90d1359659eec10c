using System.Text;
using Xunit;

namespace MLOps.GitHub.Tests;

/// <summary>The job summary file: GitHub takes at most 1 MiB a step; what goes beyond is cut with a note, never a failed write.</summary>
public sealed class JobSummaryTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"mlops-step-summary-{Guid.NewGuid():N}.md");

    [Fact]
    public void Markdown_beyond_the_1_MiB_cap_is_cut_with_a_note()
    {
        File.WriteAllText(_path, new string('x', JobSummary.MaxBytes - 40_000) + "\n");
        var markdown = string.Join("\n", Enumerable.Range(0, 5000).Select(i => $"| row {i} | ✅ passed | 0.8123 |"));

        var message = JobSummary.Append(_path, markdown);

        var length = new FileInfo(_path).Length;
        Assert.InRange(length, JobSummary.MaxBytes - 40_000, JobSummary.MaxBytes);
        var appended = File.ReadAllText(_path, Encoding.UTF8)[(JobSummary.MaxBytes - 40_000 + 1)..];
        Assert.StartsWith("| row 0 |", appended);
        Assert.Contains("Trimmed", appended);
        Assert.Contains("appended", message);
    }

    [Fact]
    public void A_full_summary_is_left_as_it_is_and_the_write_does_not_fail()
    {
        File.WriteAllBytes(_path, Encoding.UTF8.GetBytes(new string('x', JobSummary.MaxBytes)));

        JobSummary.Append(_path, "### ✅ Churn: 3 gates passed");

        Assert.Equal(JobSummary.MaxBytes, new FileInfo(_path).Length);
    }

    public void Dispose() => File.Delete(_path);
}
