using System.Diagnostics;

namespace MLOps.Engine.Packages;

/// <summary>The commit a model was built from, and whether the working tree had changes not in it.</summary>
public sealed record GitState(string Commit, bool Dirty)
{
    /// <summary>Asks git about <paramref name="directory"/>; null when git is missing or the folder is not in a repository.</summary>
    public static GitState? Of(string directory)
    {
        var commit = Git(directory, "rev-parse", "HEAD")?.Trim();
        if (string.IsNullOrEmpty(commit)) return null;
        var status = Git(directory, "status", "--porcelain", "--untracked-files=no");
        return new GitState(commit, !string.IsNullOrWhiteSpace(status));
    }

    private static string? Git(string directory, params string[] arguments)
    {
        try
        {
            var start = new ProcessStartInfo("git") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in arguments) start.ArgumentList.Add(argument);
            using var process = Process.Start(start);
            if (process is null) return null;
            var output = process.StandardOutput.ReadToEnd();
            process.StandardError.ReadToEnd();
            return process.WaitForExit(10_000) && process.ExitCode == 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // git is not installed
        }
    }
}
