using MLOps.Engine.Data;
using MLOps.Engine.Diagnostics;

namespace MLOps.Cli;

/// <summary>How commands talk: diagnostics to standard error in MSBuild's format, results to standard output.</summary>
internal static class Output
{
    /// <summary>Writes the bag's diagnostics (capped, with counts) and returns the exit code: <see cref="ExitCodes.Errors"/> when any is an error.</summary>
    public static int Report(DiagnosticBag diagnostics, IEnumerable<string>? messages = null)
    {
        foreach (var message in messages ?? []) Console.Error.WriteLine(message);
        foreach (var diagnostic in diagnostics.Complete()) Console.Error.WriteLine(diagnostic);
        return diagnostics.HasErrors ? ExitCodes.Errors : ExitCodes.Success;
    }

    /// <summary>Says what is wrong with the command line, and where help is.</summary>
    public static int UsageErrors(IEnumerable<string> errors)
    {
        foreach (var error in errors)
            Console.Error.WriteLine(new Diagnostic(DiagnosticCodes.InvalidCommandLine, Severity.Error, error));
        Console.Error.WriteLine("Run 'mlops --help', or 'mlops <command> --help', for what each command takes.");
        return ExitCodes.Usage;
    }

    /// <summary>
    /// An exception no command handled, as a coded error instead of a stack trace: MLOPS9002 for a file that could not be
    /// read or written, MLOPS9001 (a bug) for anything else, with the stack trace in a file for the bug report.
    /// </summary>
    public static int Failure(Exception e)
    {
        if (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine(new Diagnostic(DiagnosticCodes.FileAccessFailed, Severity.Error, $"A file could not be read or written: {e.Message}"));
            return ExitCodes.Errors;
        }
        var details = Path.Combine(Path.GetTempPath(), $"mlops-failure-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Environment.ProcessId}.txt");
        try
        {
            File.WriteAllText(details, e.ToString());
        }
        catch (Exception unwritable) when (unwritable is IOException or UnauthorizedAccessException)
        {
            details = "";
        }
        Console.Error.WriteLine(new Diagnostic(DiagnosticCodes.InternalError, Severity.Error,
            $"mlops failed unexpectedly ({e.GetType().Name}: {e.Message}). This is a bug; please report it{(details.Length > 0 ? $" with {details}, which holds the details" : "")}."));
        return ExitCodes.InternalError;
    }

    /// <summary>Files named on the command line, resolved against the current directory and shown as typed.</summary>
    public static DataFile[] Files(IEnumerable<string>? paths) =>
        (paths ?? []).Select(p => DataFile.Resolve(Environment.CurrentDirectory, p)).ToArray();
}
