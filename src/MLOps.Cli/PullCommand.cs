using System.CommandLine;
using MLOps.Engine.Diagnostics;
using MLOps.Engine.Registry;

namespace MLOps.Cli;

/// <summary><c>mlops pull</c>: downloads a model package, verifies it against its lineage and extracts it.</summary>
internal static class PullCommand
{
    public static Command Create()
    {
        var id = new Argument<string>("package-id") { Description = "The model package's id." };
        var version = new Argument<string?>("version") { Description = "A version, or a channel such as production (default: the newest stable version).", Arity = ArgumentArity.ZeroOrOne };
        var source = RegistryOptions.Source();
        var output = new Option<string?>("--output", "-o") { Description = "The folder to extract into (default: <package-id>.<version> in the current directory); replaced as a whole." };
        var json = RegistryOptions.Json();
        var command = new Command("pull", """
            Downloads a model package from a feed, checks every entry against its lineage (as mlops verify does) and only
            then extracts it, with the .nupkg beside its files. Exit code 0: pulled; 1: not found, or the package does not
            match its lineage (nothing is extracted).
            Example: mlops pull Contoso.Models.Churn production --source ./feed -o model
            """) { id, version, source, output, json };
        command.SetAction(async (parse, cancel) =>
        {
            var diagnostics = new DiagnosticBag(int.MaxValue);
            var packageId = parse.GetValue(id)!;
            if (RegistryOptions.Open(parse.GetValue(source)!, diagnostics) is not { } feed) return Output.Report(diagnostics);
            var model = await RegistryOptions.Feed($"Downloading {packageId} from {feed.Name}", async () =>
                await ModelPull.ResolveVersionAsync(feed, packageId, parse.GetValue(version), diagnostics, cancel) is { } resolved
                    ? await ModelPull.DownloadAsync(feed, packageId, resolved, diagnostics, cancel)
                    : null, diagnostics);
            if (model is null) return Output.Report(diagnostics);
            var folder = Path.GetFullPath(parse.GetValue(output) ?? $"{model.Id}.{model.Version}");
            ModelPull.Extract(model, folder);
            if (parse.GetValue(json))
                RegistryOptions.WriteJson(new { packageId = model.Id, model.Version, folder, model = Path.Combine(folder, "models", $"{model.Lineage.Model}.model.json") });
            else
                Console.Out.WriteLine($"Pulled {model.Id} {model.Version} (verified, {model.Lineage.Outputs.Count} entries) into {folder}");
            return Output.Report(diagnostics);
        });
        return command;
    }
}
