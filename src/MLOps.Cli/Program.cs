using System.CommandLine;
using System.CommandLine.Invocation;
using MLOps.Cli;

var root = new RootCommand("mlops: machine-learning models as build outputs. Model projects build with 'dotnet build'; this tool drafts data contracts, checks data outside a build, verifies model packages, works with the feed as the model registry (history, diff, promote, score, pull) and reports builds to GitHub.")
{
    SchemaCommands.Create(),
    ValidateCommand.Create(),
    VerifyCommand.Create(),
    GitHubCommand.Create(),
    HistoryCommand.Create(),
    PullCommand.Create(),
    PromoteCommand.Create(),
    ScoreCommand.Create(),
    DiffCommand.Create(),
    StatusCommand.Create(),
    MonitorCommand.Create(),
    ProfileCommand.Create(),
};
var parse = root.Parse(args);
using var interrupt = new Interrupt(parse);
try
{
    if (parse.Action is ParseErrorAction)
    {
        var exitCode = Output.UsageErrors(parse.Errors.Select(e => e.Message));
        // mlops github report's exit codes are the gate's (1 failed, 2 inconclusive): its usage errors exit 3.
        return GitHubCommand.Owns(parse) ? ReportExitCodes.UsageError : exitCode;
    }
    // Interrupt handles Ctrl+C instead of System.CommandLine (ProcessTerminationTimeout = null): see there why.
    return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null }, interrupt.Token);
}
catch (Exception e) when (interrupt.Caused(e))
{
    return interrupt.Canceled();
}
catch (Exception e)
{
    var exitCode = Output.Failure(e);
    return GitHubCommand.Owns(parse) ? ReportExitCodes.Crashed : exitCode;
}
