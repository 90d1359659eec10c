using System.CommandLine;
using System.Runtime.InteropServices;
using MLOps.Engine.Diagnostics;

namespace MLOps.Cli;

/// <summary>
/// Ctrl+C (SIGINT) and SIGTERM for every command: the first one cancels the command's token, so it stops at its next
/// check and writes nothing partial; a second one ends the process at once (the operating system's default).
/// </summary>
/// <remarks>
/// Replaces System.CommandLine's own handler, which returns 130 after a timeout while the command still runs: the
/// process could then end in the middle of an atomic write's temporary file, and without saying why.
/// </remarks>
internal sealed class Interrupt : IDisposable
{
    private readonly CancellationTokenSource _cancel = new();
    private readonly PosixSignalRegistration[] _registrations;

    public Interrupt() =>
        _registrations = [PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle), PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle)];

    public CancellationToken Token => _cancel.Token;

    /// <summary>Whether <paramref name="e"/> is this cancellation (and not, say, a feed's timeout).</summary>
    public bool Caused(Exception e) => e is OperationCanceledException && _cancel.IsCancellationRequested;

    /// <summary>The one-line message of a canceled command, and its exit code.</summary>
    public static int Canceled(ParseResult parse)
    {
        var names = new List<string>();
        for (var command = parse.CommandResult; command is not null; command = command.Parent as System.CommandLine.Parsing.CommandResult)
            names.Insert(0, command.Command.Name);
        names[0] = "mlops";
        Console.Error.WriteLine(new Diagnostic(DiagnosticCodes.Canceled, Severity.Error,
            $"{string.Join(' ', names)} was canceled (Ctrl+C); nothing was written, earlier outputs are as they were."));
        return ExitCodes.Canceled;
    }

    private void Handle(PosixSignalContext context)
    {
        if (_cancel.IsCancellationRequested) return; // the second signal: the default, which ends the process
        context.Cancel = true;
        _cancel.Cancel();
    }

    public void Dispose()
    {
        foreach (var registration in _registrations) registration.Dispose();
        _cancel.Dispose();
    }
}
