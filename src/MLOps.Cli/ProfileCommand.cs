using System.CommandLine;
using MLOps.Engine.Diagnostics;
using MLOps.Engine.Profiles;
using MLOps.Runtime.Monitoring;

namespace MLOps.Cli;

/// <summary><c>mlops profile merge</c>: many scoring profiles (app instances, intervals) into one, exactly.</summary>
internal static class ProfileCommand
{
    public static Command Create() => new("profile", "Works with scoring profiles (docs/monitoring.md): the reference profile in a model package and the profiles apps record.")
    {
        Merge(),
    };

    private static Command Merge()
    {
        var profiles = new Argument<string[]>("profiles") { Description = "The profile files (*.profile.json) to merge.", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--output", "-o") { Description = "Where to write the merged profile.", Required = true };
        var json = RegistryOptions.Json();
        var command = new Command("merge", """
            Merges scoring profiles of one model on the same bins (those apps save with WithProfile, one per instance and
            interval) into one: counts are added, so the result is exactly the profile of all their rows, whatever the order.
            Profiles of another model, kind or bins are refused with the reason (MLOPS4091). Exit code 0: written; 1: a
            profile could not be read or merged (nothing is written).
            Example: mlops profile merge profiles/*.profile.json -o churn-2026-12-01.profile.json
            """) { profiles, output, json };
        command.SetAction(parse =>
        {
            var diagnostics = new DiagnosticBag(int.MaxValue);
            var files = Output.Files(parse.GetValue(profiles));
            if (ProfileFiles.Merge(files, diagnostics) is not { } merged) return Output.Report(diagnostics);
            var path = Path.GetFullPath(parse.GetValue(output)!);
            ProfileFormat.Write(merged, path);
            if (parse.GetValue(json))
                RegistryOptions.WriteJson(new
                {
                    output = path, profiles = files.Length, merged.Kind, model = merged.Model, merged.Rows, merged.FirstScored, merged.LastScored,
                });
            else
                Console.Out.WriteLine($"Merged {files.Length} profile(s) of {merged.Model.Name}: {merged.Rows:N0} rows" +
                    (merged.FirstScored is { } from && merged.LastScored is { } to ? $" scored {from:yyyy-MM-dd HH:mm:ss} to {to:yyyy-MM-dd HH:mm:ss} UTC" : "") + $" -> {path}");
            return Output.Report(diagnostics);
        });
        return command;
    }
}
