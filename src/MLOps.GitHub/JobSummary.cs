using System.Text;
using MLOps.Engine.Reports;

namespace MLOps.GitHub;

/// <summary>The job summary (GITHUB_STEP_SUMMARY): the same Markdown appended, within GitHub's 1 MiB for a step.</summary>
internal static class JobSummary
{
    public const int MaxBytes = 1024 * 1024;

    public static string Append(string path, string markdown)
    {
        var used = File.Exists(path) ? new FileInfo(path).Length : 0;
        var room = (int)Math.Max(0, MaxBytes - used);
        var text = markdown + "\n";
        // Trim by characters, at most four bytes each, so the bytes fit.
        if (Encoding.UTF8.GetByteCount(text) > room) text = MarkdownLimit.Fit(text, room / 4);
        File.AppendAllText(path, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        return $"appended {Encoding.UTF8.GetByteCount(text):N0} bytes to the job summary";
    }
}
