using System.CommandLine;
using System.CommandLine.Invocation;
using MLOps.Cli;

var root = new RootCommand("mlops: machine-learning models as build outputs. Model projects build with 'dotnet build'; this tool drafts data contracts and checks data outside a build.")
{
    SchemaCommands.Create(),
    ValidateCommand.Create(),
    VerifyCommand.Create(),
};
try
{
    var parse = root.Parse(args);
    return parse.Action is ParseErrorAction
        ? Output.UsageErrors(parse.Errors.Select(e => e.Message))
        : parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (Exception e)
{
    return Output.Failure(e);
}
