using System.Diagnostics;
using System.Text;

namespace MLOps.Build.Tests;

/// <summary>A command running in the background, its output collected as it comes.</summary>
internal sealed class RunningCommand : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly string _name;

    public RunningCommand(ProcessStartInfo start, string name)
    {
        _name = name;
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>The output so far.</summary>
    public string Output { get { lock (_output) return _output.ToString(); } }

    /// <summary>Waits for the command to end (killing it after <paramref name="limit"/>, which fails the test).</summary>
    public CommandResult WaitForExit(TimeSpan limit)
    {
        if (!_process.WaitForExit(limit))
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{_name} did not finish in {limit}.\n{Output}");
        }
        _process.WaitForExit();
        return new CommandResult(_process.ExitCode, Output);
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }
}
