using System.CommandLine;
using System.Globalization;
using MLOps.Engine.Packages;
using MLOps.Engine.Diagnostics;
using MLOps.Engine.Registry;

namespace MLOps.Cli;

/// <summary><c>mlops promote</c>: points a channel (e.g. production) at a published version, with an audit entry.</summary>
internal static class PromoteCommand
{
    public static Command Create()
    {
        var id = new Argument<string>("package-id") { Description = "The model package's id." };
        var version = new Argument<string>("version") { Description = "The published version to promote." };
        var channel = new Option<string>("--to") { Description = "The channel: a word such as production or staging.", Required = true };
        var reason = new Option<string>("--reason") { Description = "Why, for the audit entry.", Required = true };
        var by = new Option<string?>("--by") { Description = "Who promotes (default: GITHUB_ACTOR, else the user name)." };
        var apiKeyVariable = new Option<string>("--api-key-variable") { Description = "The environment variable holding the feed's API key (default NUGET_API_KEY); the key never goes on the command line.", DefaultValueFactory = _ => "NUGET_API_KEY" };
        var source = RegistryOptions.Source();
        var json = RegistryOptions.Json();
        var command = new Command("promote", """
            Points a channel at a published model version without deleting or rewriting any package: pushes the next
            version of a small tag package, <package-id>.Channels.<channel>, that depends on exactly that version and holds
            the audit entry (who, why, when). A model project with BaselineVersion set to the channel gates against the
            version it names; mlops pull takes the channel as a version. The version must be on the feed and verify
            against its lineage. Exit code 0: promoted; 1: not found, not verified, or the feed refused the push.
            Example: mlops promote Contoso.Models.Churn 1.2.0 --to production --reason "A/B test won" --source ./feed
            """) { id, version, channel, reason, by, apiKeyVariable, source, json };
        command.SetAction(async (parse, cancel) =>
        {
            var diagnostics = new DiagnosticBag(int.MaxValue);
            var (packageId, target) = (parse.GetValue(id)!, parse.GetValue(channel)!);
            if (!Channels.IsChannel(target))
            {
                diagnostics.Error(DiagnosticCodes.InvalidCommandLine, $"--to '{target}' is not a channel name: a word of letters, digits and '-', starting with a letter (e.g. production).");
                return Output.Report(diagnostics);
            }
            if (RegistryOptions.Open(parse.GetValue(source)!, diagnostics) is not { } feed) return Output.Report(diagnostics);
            var promotion = new Promotion(packageId, parse.GetValue(version)!, target.ToLowerInvariant(),
                parse.GetValue(by) ?? Environment.GetEnvironmentVariable("GITHUB_ACTOR") ?? Environment.UserName,
                parse.GetValue(reason)!, DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
            var tag = await RegistryOptions.Feed($"Promoting {packageId} {promotion.Version} on {feed.Name}", async () =>
            {
                if (await ModelPull.DownloadAsync(feed, packageId, promotion.Version, diagnostics, cancel) is null) return null;
                var (tagId, tagVersion) = await Channels.PromoteAsync(feed, promotion, Environment.GetEnvironmentVariable(parse.GetValue(apiKeyVariable)!), cancel);
                return $"{tagId} {tagVersion}";
            }, diagnostics);
            if (tag is null) return Output.Report(diagnostics);
            if (parse.GetValue(json)) RegistryOptions.WriteJson(new { promotion, tag, feed = feed.Name });
            else Console.Out.WriteLine($"Promoted {packageId} {promotion.Version} to {promotion.Channel} on {feed.Name} ({tag}), by {promotion.By}: {promotion.Reason}");
            return Output.Report(diagnostics);
        });
        return command;
    }
}
