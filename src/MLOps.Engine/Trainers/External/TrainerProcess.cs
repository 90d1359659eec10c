using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;

namespace MLOps.Engine.Trainers;

/// <summary>How a trainer's process ended.</summary>
internal enum TrainerEnd { Exited, TimedOut, Cancelled }

/// <summary>The end of a trainer's run: how it ended, its exit code (when it exited) and its last lines of error output.</summary>
internal sealed record TrainerRun(TrainerEnd End, int ExitCode, IReadOnlyList<string> LastErrors);

/// <summary>
/// Runs an external trainer as a process the build owns: its output and error lines are relayed as they come (on the
/// caller's thread, so a front end's logger is only called from the thread that called us), and a timeout or
/// cancellation ends the trainer together with every process it started.
/// </summary>
internal static class TrainerProcess
{
    /// <summary>How many of the last error lines a failure quotes.</summary>
    public const int QuotedErrorLines = 5;

    /// <summary>
    /// How long to keep reading after the trainer exited, for lines still in the pipes: a process it left running in the
    /// background may hold them open forever.
    /// </summary>
    private static readonly TimeSpan DrainAfterExit = TimeSpan.FromSeconds(2);

    /// <summary>How long to wait for a killed process tree to go.</summary>
    private static readonly TimeSpan KillWait = TimeSpan.FromSeconds(10);

    private enum Event { Output, Error, OutputClosed, ErrorClosed, Exited }

    /// <summary>
    /// Runs <paramref name="start"/>, calling <paramref name="relay"/> with each line of its output and error output
    /// until it ends; returns once it is gone.
    /// </summary>
    public static TrainerRun Run(ProcessStartInfo start, TimeSpan? timeout, Action<string> relay, CancellationToken cancellation)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        var events = new BlockingCollection<(Event Kind, string? Line)>();
        using var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => events.Add(e.Data is null ? (Event.OutputClosed, null) : (Event.Output, e.Data));
        process.ErrorDataReceived += (_, e) => events.Add(e.Data is null ? (Event.ErrorClosed, null) : (Event.Error, e.Data));
        process.Exited += (_, _) => events.Add((Event.Exited, null));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        if (timeout is { } limit) stop.CancelAfter(limit);
        var errors = new Queue<string>();
        process.Start();
        try
        {
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var (open, exited) = (2, false);
            while (open > 0 || !exited)
            {
                if (!events.TryTake(out var next, exited ? (int)DrainAfterExit.TotalMilliseconds : Timeout.Infinite, stop.Token)) break;
                switch (next.Kind)
                {
                    case Event.Output or Event.Error:
                        if (next.Kind == Event.Error)
                        {
                            errors.Enqueue(next.Line!);
                            if (errors.Count > QuotedErrorLines) errors.Dequeue();
                        }
                        relay(next.Line!);
                        break;
                    case Event.OutputClosed or Event.ErrorClosed:
                        open--;
                        break;
                    case Event.Exited:
                        exited = true;
                        break;
                }
            }
            return Exited(process, errors, cancellation);
        }
        catch (OperationCanceledException) when (!process.HasExited)
        {
            KillTree(process);
            return new TrainerRun(cancellation.IsCancellationRequested ? TrainerEnd.Cancelled : TrainerEnd.TimedOut, 0, errors.ToArray());
        }
        catch (OperationCanceledException)
        {
            return Exited(process, errors, cancellation); // it exited; only a process it left behind still holds its output open
        }
        finally
        {
            // A process the trainer left behind may hold its output open: stop reading it.
            process.CancelOutputRead();
            process.CancelErrorRead();
        }
    }

    /// <summary>
    /// The end of a trainer that exited. Ctrl+C in a terminal reaches the trainer too, which may exit before the build
    /// hears of it: a cancelled build says so, not that the trainer failed.
    /// </summary>
    private static TrainerRun Exited(Process process, Queue<string> errors, CancellationToken cancellation)
    {
        process.WaitForExit(KillWait);
        return new TrainerRun(cancellation.IsCancellationRequested ? TrainerEnd.Cancelled : TrainerEnd.Exited, process.ExitCode, errors.ToArray());
    }

    /// <summary>Ends the process and every process it started, and waits for it to go.</summary>
    private static void KillTree(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception)
        {
            // It exited meanwhile.
        }
        process.WaitForExit(KillWait);
    }
}
