using System.CommandLine;
using MLOps.Engine.Contracts;
using MLOps.Engine.Diagnostics;
using MLOps.Engine.Pipeline;

namespace MLOps.Cli;

/// <summary><c>mlops validate</c>: checks data against a contract and for drift, as a model build does, without a project.</summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var schema = new Option<string>("--schema", "-s") { Description = "The data contract (JSON).", Required = true };
        var training = new Argument<string[]>("training") { Description = "The training data (CSV files).", Arity = ArgumentArity.OneOrMore };
        var evaluation = new Option<string[]>("--evaluation", "-e") { Description = "Evaluation data: checked, and compared with the training data for drift.", AllowMultipleArgumentsPerToken = true };
        var reference = new Option<string[]>("--reference", "-r") { Description = "Reference data (e.g. recent production inputs): checked, and compared for drift.", AllowMultipleArgumentsPerToken = true };
        var label = new Option<string?>("--label", "-l") { Description = "The label column: its class shares are checked and it is not tested for drift." };
        var exclude = new Option<string[]>("--exclude", "-x") { Description = "Columns not tested for drift.", AllowMultipleArgumentsPerToken = true };
        var report = new Option<string?>("--report") { Description = "Write the validation report here (JSON, with a Markdown twin beside it)." };
        var model = new Option<string?>("--model", "-m")
        {
            Description = "The model's name in messages and the report. Default: the ModelName of the model project in the current folder, else the contract's file name.",
        };
        var maxPerCode = new Option<int>("--max-messages") { Description = "At most this many messages of one code per file.", DefaultValueFactory = _ => DiagnosticBag.DefaultMaxPerCode };
        var command = new Command("validate", """
            Checks data against a data contract, as dotnet build does for a model project: every broken rule is reported at its
            file(line,column) with the contract's severity, and evaluation and reference data are tested for drift from the
            training data. Exits with 1 when an error rule is broken.
            Example: mlops validate data/train.csv --schema churn.schema.json --reference data/current.csv --label churned
            """) { training, schema, model, evaluation, reference, label, exclude, report, maxPerCode };
        command.SetAction((parse, cancel) =>
        {
            if (parse.GetValue(maxPerCode) < 1) return Task.FromResult(Output.UsageErrors(["--max-messages must be 1 or more."]));
            var diagnostics = new DiagnosticBag(parse.GetValue(maxPerCode));
            var messages = new List<string>();
            var contractFile = Output.Files([parse.GetValue(schema)!])[0];
            var contract = ContractFile.Read(contractFile, diagnostics);
            if (contract is not null)
            {
                var name = parse.GetValue(model) ?? ModelProjectName.In(Environment.CurrentDirectory) ?? ContractName(contractFile.FullPath);
                var request = new DataValidationRequest(name, contract, Output.Files(parse.GetValue(training)))
                {
                    Evaluation = Output.Files(parse.GetValue(evaluation)),
                    Reference = Output.Files(parse.GetValue(reference)),
                    LabelColumn = parse.GetValue(label),
                    NotInputs = parse.GetValue(exclude) ?? [],
                    ReportPath = parse.GetValue(report) is { } path ? Path.GetFullPath(path) : null,
                };
                // Ctrl+C ends Run with OperationCanceledException before the report is written: Program reports it (Interrupt).
                if (DataValidation.Run(request, diagnostics, messages, cancel) is { } result && request.ReportPath is null)
                    Console.Out.Write(result.ToMarkdown());
            }
            return Task.FromResult(Output.Report(diagnostics, messages));
        });
        return command;
    }

    /// <summary>A contract's name without its extensions: <c>churn</c> for <c>churn.schema.json</c>.</summary>
    private static string ContractName(string path) => Path.GetFileName(path).Split('.')[0];
}
