using System.CommandLine;
using System.Runtime.InteropServices;
using MLOps.Engine.Diagnostics;

namespace MLOps.Cli;

/// <summary>
/// Ctrl+C (SIGINT) and SIGTERM for every command: the first one cancels the command's token, so it stops at its next
/// check and writes nothing partial; a second one ends the process at once (the operating system's default). A command
/// that does not look at the token is ended after <see cref="Grace"/>, a fallback: outputs are written last and
/// atomically, so at worst a temporary file is left.
/// </summary>
/// <remarks>
/// Replaces System.CommandLine's own handler, which returns 130 after a timeout while the command still runs: the
/// process could then end in the middle of an atomic write's temporary file, and without saying why.
/// </remarks>
internal sealed class Interrupt : IDisposable
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(10);
    private readonly CancellationTokenSource _cancel = new();
    private readonly PosixSignalRegistration[] _registrations;
    private readonly ParseResult _parse;
    private int _reported;

    public Interrupt(ParseResult parse)
    {
        _parse = parse;
        _registrations = [PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle), PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle)];
    }

    public CancellationToken Token => _cancel.Token;

    /// <summary>Whether <paramref name="e"/> is this cancellation (and not, say, a feed's timeout).</summary>
    public bool Caused(Exception e) => e is OperationCanceledException && _cancel.IsCancellationRequested;

    /// <summary>Says (once) that the command was canceled, in one line; returns the exit code.</summary>
    public int Canceled()
    {
        if (Interlocked.Exchange(ref _reported, 1) == 0)
        {
            var names = new List<string>();
            for (var command = _parse.CommandResult; command is not null; command = command.Parent as System.CommandLine.Parsing.CommandResult)
                names.Insert(0, command.Command.Name);
            names[0] = "mlops";
            Console.Error.WriteLine(new Diagnostic(DiagnosticCodes.Canceled, Severity.Error,
                $"{string.Join(' ', names)} was canceled (Ctrl+C); nothing was written, earlier outputs are as they were."));
        }
        return ExitCodes.Canceled;
    }

    private void Handle(PosixSignalContext context)
    {
        if (_cancel.IsCancellationRequested) return; // the second signal: the default, which ends the process
        context.Cancel = true;
        _cancel.Cancel();
        _ = Task.Delay(Grace).ContinueWith(_ => Environment.Exit(Canceled()), TaskScheduler.Default);
    }

    public void Dispose()
    {
        foreach (var registration in _registrations) registration.Dispose();
        _cancel.Dispose();
    }
}
