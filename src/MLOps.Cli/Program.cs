using System.CommandLine;
using MLOps.Cli;

var root = new RootCommand("mlops: machine-learning models as build outputs. Model projects build with 'dotnet build'; this tool drafts data contracts and checks data outside a build.")
{
    SchemaCommands.Create(),
    ValidateCommand.Create(),
    VerifyCommand.Create(),
};
return root.Parse(args).Invoke();
