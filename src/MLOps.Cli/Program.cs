using System.CommandLine;
using MLOps.Cli;

var root = new RootCommand("mlops: machine-learning models as build outputs. Model projects build with 'dotnet build'; this tool drafts data contracts, checks data outside a build, verifies model packages and reports builds to GitHub.")
{
    SchemaCommands.Create(),
    ValidateCommand.Create(),
    VerifyCommand.Create(),
    GitHubCommand.Create(),
};
var parse = root.Parse(args);
if (parse.Errors.Count > 0 && GitHubCommand.Owns(parse))
{
    // mlops github report's exit codes are the gate's; a usage error must not read as "gate failed" (1).
    foreach (var error in parse.Errors) Console.Error.WriteLine(error.Message);
    return ReportExitCodes.UsageError;
}
return await parse.InvokeAsync();
