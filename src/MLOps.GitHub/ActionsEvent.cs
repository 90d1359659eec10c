using System.Text.Json;

namespace MLOps.GitHub;

/// <summary>
/// What the workflow's event file (GITHUB_EVENT_PATH) says about the pull request: its number and head commit. A
/// <c>pull_request</c> event has them under <c>pull_request</c>; a <c>workflow_run</c> event (the fork-PR publisher)
/// under <c>workflow_run</c>, where GitHub names the pull request only when it is from the same repository (for a
/// fork's, <c>pull_requests</c> is empty). On a pull request, GITHUB_SHA is a merge commit: the head SHA is where checks belong.
/// </summary>
public sealed record ActionsEvent(int? PullRequest, string? HeadSha)
{
    /// <summary>A <c>workflow_run</c> of a pull-request workflow: a pull request it names or not.</summary>
    public bool IsPullRequestRun { get; init; }

    /// <summary>Reads the event file; throws <see cref="InvalidDataException"/> when it is not JSON.</summary>
    public static ActionsEvent Read(string path)
    {
        try
        {
            using var json = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = json.RootElement;
            if (root.TryGetProperty("pull_request", out var pr) && pr.ValueKind == JsonValueKind.Object)
                return new ActionsEvent(Int(pr, "number"), pr.TryGetProperty("head", out var head) ? String(head, "sha") : null);
            if (root.TryGetProperty("workflow_run", out var run) && run.ValueKind == JsonValueKind.Object)
            {
                var number = run.TryGetProperty("pull_requests", out var prs) && prs.ValueKind == JsonValueKind.Array && prs.GetArrayLength() > 0 ? Int(prs[0], "number") : null;
                return new ActionsEvent(number, String(run, "head_sha")) { IsPullRequestRun = String(run, "event") is "pull_request" or "pull_request_target" };
            }
            return new ActionsEvent(null, null);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The event file {path} is not JSON: {e.Message}", e);
        }
    }

    private static int? Int(JsonElement element, string name) => element.TryGetProperty(name, out var value) && value.TryGetInt32(out var number) ? number : null;
    private static string? String(JsonElement element, string name) => element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
