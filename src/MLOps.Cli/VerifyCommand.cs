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
            Checks a model package against its lineage (models/<ModelName>.lineage.json): every entry must be one the
            lineage lists, with the SHA-256 recorded when it was packed; the .nuspec must have the recorded id, version,
            dependencies and metadata; with --inputs, every input file must match too. Differences go to standard error,
            the verdict (one line) to standard output. Exit code 0: verified; 1: a difference, or no readable package or lineage.
            Example: mlops verify Contoso.Models.Churn.1.0.0.nupkg --inputs .
            """) { package, inputs };
        command.SetAction(parse =>
        {
            var diagnostics = new DiagnosticBag(int.MaxValue);
            var path = Path.GetFullPath(parse.GetValue(package)!);
            var (lineage, checkedFiles) = PackageVerifier.Verify(path, parse.GetValue(inputs) is { } root ? Path.GetFullPath(root) : null, diagnostics);
            var name = lineage is null ? Path.GetFileName(path) : $"{lineage.PackageId} {lineage.Version}";
            var exitCode = Output.Report(diagnostics, lineage is null ? [] :
                [$"{name}: model {lineage.Model}, {lineage.Trainer}{(lineage.TrainedBy is null ? "" : " (not trained by the build: a pretrained model)")}, seed {lineage.Seed}, engine {lineage.EngineVersion}" +
                    (lineage.Git is { } git ? $", commit {git.Commit[..Math.Min(12, git.Commit.Length)]}{(git.Dirty ? " (dirty)" : "")}" : "")]);
            Console.Out.WriteLine(diagnostics.HasErrors
                ? $"Not verified: {name} has {diagnostics.ErrorCount} difference(s) from its lineage."
                : $"Verified: {name}, {checkedFiles} entries match their lineage.");
            return exitCode;
        });
        return command;
    }
}
