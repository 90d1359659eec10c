using MLOps.Engine.Data;
using MLOps.Engine.Diagnostics;

namespace MLOps.Cli;

/// <summary>How commands talk: diagnostics to standard error in MSBuild's format, results to standard output.</summary>
internal static class Output
{
    /// <summary>Writes the bag's diagnostics (capped, with counts) and returns the exit code: 1 when any is an error.</summary>
    public static int Report(DiagnosticBag diagnostics, IEnumerable<string>? messages = null)
    {
        foreach (var message in messages ?? []) Console.Error.WriteLine(message);
        foreach (var diagnostic in diagnostics.Complete()) Console.Error.WriteLine(diagnostic);
        return diagnostics.HasErrors ? 1 : 0;
    }

    /// <summary>Files named on the command line, resolved against the current directory and shown as typed.</summary>
    public static DataFile[] Files(IEnumerable<string>? paths) =>
        (paths ?? []).Select(p => DataFile.Resolve(Environment.CurrentDirectory, p)).ToArray();
}
