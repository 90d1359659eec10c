using System.CommandLine;
using MLOps.Engine.Diagnostics;
using MLOps.Engine.Packages;

namespace MLOps.Cli;

/// <summary><c>mlops verify</c>: recomputes every hash in a model package's lineage.</summary>
internal static class VerifyCommand
{
    public static Command Create()
    {
        var package = new Argument<string>("package") { Description = "The model package (.nupkg)." };
        var inputs = new Option<string?>("--inputs", "-i") { Description = "A checkout of the repository the model was built from: also check the training data, contract and baseline hashes." };
        var command = new Command("verify", """
            Checks a model package against its lineage (models/<ModelName>.lineage.json): every packed file must have the
            SHA-256 recorded when it was packed, and with --inputs, every input file too. Exits with 1 on any mismatch.
            Example: mlops verify Contoso.Models.Churn.1.0.0.nupkg --inputs .
            """) { package, inputs };
        command.SetAction(parse =>
        {
            var diagnostics = new DiagnosticBag(int.MaxValue);
            var path = Path.GetFullPath(parse.GetValue(package)!);
            var (lineage, checkedFiles) = PackageVerifier.Verify(path, parse.GetValue(inputs) is { } root ? Path.GetFullPath(root) : null, diagnostics);
            var messages = new List<string>();
            if (lineage is not null)
            {
                messages.Add($"{lineage.PackageId} {lineage.Version}: model {lineage.Model}, {lineage.Trainer}, seed {lineage.Seed}, engine {lineage.EngineVersion}" +
                    (lineage.Git is { } git ? $", commit {git.Commit[..Math.Min(12, git.Commit.Length)]}{(git.Dirty ? " (dirty)" : "")}" : ""));
                messages.Add(diagnostics.HasErrors ? $"{diagnostics.ErrorCount} mismatch(es) in {checkedFiles} files checked." : $"Verified: {checkedFiles} files match their recorded SHA-256.");
            }
            return Output.Report(diagnostics, messages);
        });
        return command;
    }
}
