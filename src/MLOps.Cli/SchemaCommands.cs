using System.CommandLine;
using MLOps.Engine.Contracts;
using MLOps.Engine.Diagnostics;

namespace MLOps.Cli;

/// <summary><c>mlops schema infer</c>: drafts a data contract from data for a person to edit and commit.</summary>
internal static class SchemaCommands
{
    public static Command Create()
    {
        var files = new Argument<string[]>("data") { Description = "CSV files with a header row (the training data).", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string?>("--output", "-o") { Description = "Write the contract to this file instead of standard output." };
        var infer = new Command("infer", """
            Drafts a data contract from CSV files: each column's type (integer, number, category, boolean, text, datetime, id),
            whether it may miss values, its observed range and its categories. Bounds, missing values and categories are what
            this data shows, so the draft makes those rules warnings; edit it to say what you mean, commit it, and point
            DataSchemaFile at it.
            Example: mlops schema infer data/train.csv > churn.schema.json
            """) { files, output };
        infer.SetAction((parse, cancel) =>
        {
            var diagnostics = new DiagnosticBag();
            var contract = ContractInference.Infer(Output.Files(parse.GetValue(files)), diagnostics, cancel);
            if (contract is not null)
            {
                if (parse.GetValue(output) is { } path)
                {
                    ContractFile.Write(Path.GetFullPath(path), contract);
                    Console.Error.WriteLine($"Wrote a data contract for {contract.Columns.Count} columns to {path}.");
                }
                else Console.Out.Write(ContractFile.ToJson(contract));
            }
            return Task.FromResult(Output.Report(diagnostics));
        });
        return new Command("schema", "Data contracts: what every column of a model's data must hold.") { infer };
    }
}
