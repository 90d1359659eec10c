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

    /// <summary>
    /// Full paths of the files that differ between <paramref name="baseRef"/> and the working tree of the repository
    /// around <paramref name="directory"/> (committed or not, untracked ones included); null when git cannot tell.
    /// </summary>
    public static IReadOnlyList<string>? ChangedSince(string directory, string baseRef)
    {
        var root = Git(directory, "rev-parse", "--show-toplevel")?.Trim();
        var changed = Git(directory, "diff", "--name-only", baseRef, "--");
        var untracked = Git(directory, "ls-files", "--others", "--exclude-standard", "--full-name");
        if (string.IsNullOrEmpty(root) || changed is null || untracked is null) return null;
        return (changed + "\n" + untracked).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(f => Path.GetFullPath(Path.Combine(root, f))).Distinct().ToArray();
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
