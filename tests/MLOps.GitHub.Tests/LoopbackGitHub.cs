using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MLOps.Testing;

/// <summary>
/// GitHub's REST API on a loopback port, as much as reporting uses and as documented: check runs (create, update,
/// list for a ref; 422 on more than 50 annotations a request), issue comments (list with <c>Link</c> pagination,
/// create, update, delete), commit statuses, releases, pull requests (list by head and state with pagination, create
/// with GitHub's 422 for a second open one of a head and base, update) and their labels; under the Enterprise prefix <c>/api/v3</c>. Faults are scripted per
/// request (403 with Retry-After, 502, 401, …). It stands in for github.com, which tests cannot reach.
/// </summary>
public sealed class LoopbackGitHub : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Queue<(string Method, string PathPart, int Status, string? Header, string? HeaderValue, string? Message, bool Applied)> _faults = new();
    /// <summary>Requests that were carried out but are answered with a fault's status, as a server error after the write.</summary>
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<HttpListenerContext, object> _answeredWithFault = new();
    private long _nextId = 1000;
    private int _heldCommentReads;
    private readonly ManualResetEventSlim _heldCommentReadsArrived = new();

    public LoopbackGitHub(string token, string owner = "contoso", string repository = "models")
    {
        Token = token;
        Owner = owner;
        RepositoryPath = $"/api/v3/repos/{owner}/{repository}";
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        BaseUrl = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add(BaseUrl + "/");
        _listener.Start();
        _ = Task.Run(Serve);
    }

    public string Token { get; }
    public string Owner { get; }
    /// <summary>The repository's default branch, the base of a pull request that names none.</summary>
    public string DefaultBranch { get; set; } = "main";
    /// <summary><c>http://127.0.0.1:port</c>: what GITHUB_API_URL would be on GitHub Enterprise without <c>/api/v3</c>.</summary>
    public string BaseUrl { get; }
    public string RepositoryPath { get; }
    /// <summary>Where the <c>Link</c> header sends the next pages (default: here); another server plays a hostile one.</summary>
    public string? LinkBaseUrl { get; set; }
    /// <summary>Comments a page (GitHub's default is 30; small here so a few comments span pages).</summary>
    public int PageSize { get; set; } = 30;
    /// <summary>Answer 403 "Resource not accessible by integration" to check-run writes, as for a token without checks: write.</summary>
    public bool ChecksForbidden { get; set; }

    /// <summary>
    /// The first this many reads of the comments each wait until all of them have arrived, so that concurrent
    /// reporters read the same body before any writes: the interleaving that loses an update.
    /// </summary>
    public int SimultaneousCommentReads
    {
        set => _heldCommentReads = value;
    }

    /// <summary>Pull requests by number, with their head commit.</summary>
    public Dictionary<int, string> PullRequestHeads { get; } = [];

    public List<JsonObject> CheckRuns { get; } = [];
    public List<JsonObject> Comments { get; } = [];
    public List<JsonObject> Statuses { get; } = [];
    public List<JsonObject> Releases { get; } = [];
    /// <summary>Pull requests as GitHub returns them: number, state, title, body, head (ref, label), base (ref), labels.</summary>
    public List<JsonObject> PullRequests { get; } = [];
    /// <summary>Uploaded release assets: id, name, release id, size and bytes.</summary>
    public List<(long Id, string Name, long Release, byte[] Content)> Assets { get; } = [];
    /// <summary>Every request: method, path and query, and what it was answered.</summary>
    public List<string> Requests { get; } = [];
    /// <summary>Every request's headers and body, to check what reached the server (no token in a body, say).</summary>
    public StringBuilder Received { get; } = new();

    /// <summary>The next request whose method is <paramref name="method"/> and whose path contains <paramref name="pathPart"/> gets <paramref name="status"/>.</summary>
    public void FailNext(string method, string pathPart, int status, string? header = null, string? headerValue = null, string? message = null)
    {
        lock (_faults) _faults.Enqueue((method, pathPart, status, header, headerValue, message, false));
    }

    /// <summary>The next such request is carried out, but answered with <paramref name="status"/>: a 5xx after the write took effect.</summary>
    public void FailNextAfterApplying(string method, string pathPart, int status)
    {
        lock (_faults) _faults.Enqueue((method, pathPart, status, null, null, null, true));
    }

    /// <summary>A comment someone else wrote (on every issue, unless <paramref name="issue"/> names one).</summary>
    public JsonObject AddComment(string body, int? issue = null)
    {
        var comment = new JsonObject { ["id"] = Interlocked.Increment(ref _nextId), ["body"] = body, ["user"] = new JsonObject { ["login"] = "someone" } };
        if (issue is not null) comment["issue"] = issue;
        lock (Comments) Comments.Add(comment);
        return comment;
    }

    public int Count(string method, string pathPart)
    {
        lock (Requests) return Requests.Count(r => r.StartsWith(method + " ", StringComparison.Ordinal) && r.Contains(pathPart, StringComparison.Ordinal));
    }

    private async Task Serve()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception) { return; }
            _ = Task.Run(() =>
            {
                try { Handle(context); }
                catch (Exception e) { Respond(context, 500, new JsonObject { ["message"] = e.Message }); }
            });
        }
    }

    private void Handle(HttpListenerContext context)
    {
        var request = context.Request;
        var method = request.HttpMethod;
        var path = request.Url!.AbsolutePath.TrimEnd('/');
        var query = System.Web.HttpUtility.ParseQueryString(request.Url.Query);
        using var raw = new MemoryStream();
        request.InputStream.CopyTo(raw);
        var bytes = raw.ToArray();
        var body = Encoding.UTF8.GetString(bytes);
        lock (Received) Received.Append(method).Append(' ').Append(request.Url.PathAndQuery).Append('\n').Append(request.Headers).Append(body).Append('\n');
        var status = Answer(context, method, path, query, body, bytes);
        lock (Requests) Requests.Add($"{method} {request.Url.PathAndQuery} -> {status}");
    }

    private int Answer(HttpListenerContext context, string method, string path, System.Collections.Specialized.NameValueCollection query, string body, byte[] bytes)
    {
        var authorization = context.Request.Headers["Authorization"] ?? "";
        if (!authorization.EndsWith(" " + Token, StringComparison.Ordinal)) return Respond(context, 401, Message("Bad credentials"));
        lock (_faults)
        {
            if (_faults.TryPeek(out var fault) && fault.Method == method && path.Contains(fault.PathPart, StringComparison.Ordinal))
            {
                _faults.Dequeue();
                if (fault.Applied) _answeredWithFault.Add(context, fault.Status);
                else return Fail(context, fault);
            }
        }
        return Carry(context, method, path, query, body, bytes);
    }

    private int Fail(HttpListenerContext context, (string Method, string PathPart, int Status, string? Header, string? HeaderValue, string? Message, bool Applied) fault)
    {
        if (fault.Header is not null) context.Response.AddHeader(fault.Header, fault.HeaderValue ?? "");
        return Respond(context, fault.Status, Message(fault.Message ?? fault.Status switch
        {
            401 => "Bad credentials",
            403 => "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
            _ => "Server Error",
        }));
    }

    private int Carry(HttpListenerContext context, string method, string path, System.Collections.Specialized.NameValueCollection query, string body, byte[] bytes)
    {
        if (path.StartsWith("/uploads" + RepositoryPath[7..], StringComparison.Ordinal) && method == "POST")
        {
            var release = long.Parse(path.Split('/')[^2]);
            var name = query["name"]!;
            lock (Assets)
            {
                if (Assets.Any(a => a.Release == release && a.Name == name))
                    return Respond(context, 422, Message("Validation Failed: already_exists name"));
                var id = Interlocked.Increment(ref _nextId);
                Assets.Add((id, name, release, bytes));
                return Respond(context, 201, new JsonObject { ["id"] = id, ["name"] = name, ["size"] = bytes.Length });
            }
        }
        if (!path.StartsWith(RepositoryPath, StringComparison.Ordinal)) return Respond(context, 404, Message("Not Found"));
        var rest = path[RepositoryPath.Length..];
        var node = body.Length > 0 ? JsonNode.Parse(body) : null;
        // Adding labels takes a bare array as well as {"labels": [...]} (Octokit sends the array).
        var json = node is JsonArray array ? new JsonObject { ["labels"] = array } : node?.AsObject() ?? new JsonObject();
        var parts = rest.Split('/', StringSplitOptions.RemoveEmptyEntries);
        switch (method, parts)
        {
            case ("GET", ["commits", var sha, "check-runs"]):
                lock (CheckRuns)
                {
                    var runs = CheckRuns.Where(r => (string?)r["head_sha"] == sha && (query["check_name"] is not { } name || (string?)r["name"] == name)).Select(r => r.DeepClone()).ToArray();
                    return Respond(context, 200, new JsonObject { ["total_count"] = runs.Length, ["check_runs"] = new JsonArray(runs) });
                }
            case ("POST", ["check-runs"]):
            case ("PATCH", ["check-runs", _]):
                if (ChecksForbidden) return Respond(context, 403, Message("Resource not accessible by integration"));
                var annotations = json["output"]?["annotations"]?.AsArray().Count ?? 0;
                if (annotations > 50) return Respond(context, 422, Message("Only 50 annotations are allowed per request"));
                lock (CheckRuns)
                {
                    var run = method == "POST" ? new JsonObject { ["id"] = Interlocked.Increment(ref _nextId) } : CheckRuns.FirstOrDefault(r => (long)r["id"]! == long.Parse(parts[1]));
                    if (run is null) return Respond(context, 404, Message("Not Found"));
                    foreach (var (key, value) in json.Where(p => p.Key != "output")) run[key] = value?.DeepClone();
                    if (json["output"] is JsonObject output)
                    {
                        var count = ((int?)run["output"]?["annotations_count"] ?? 0) + annotations;
                        run["output"] = new JsonObject { ["title"] = output["title"]?.DeepClone(), ["summary"] = output["summary"]?.DeepClone(), ["annotations_count"] = count };
                        var all = run["annotations"] as JsonArray ?? [];
                        foreach (var annotation in output["annotations"]?.AsArray() ?? []) all.Add(annotation!.DeepClone());
                        run["annotations"] = all;
                    }
                    if (method == "POST") CheckRuns.Add(run);
                    return Respond(context, method == "POST" ? 201 : 200, run.DeepClone());
                }
            case ("GET", []):
                return Respond(context, 200, new JsonObject { ["name"] = RepositoryPath.Split('/')[^1], ["full_name"] = RepositoryPath[14..], ["default_branch"] = DefaultBranch });
            case ("GET", ["pulls"]):
                lock (PullRequests)
                    return RespondPage(context, path, query, PullRequests.Where(p => (query["state"] is not { } state || state == "all" || (string?)p["state"] == state)
                        && (query["head"] is not { } filter || (string?)p["head"]!["label"] == filter)).ToArray());
            case ("POST", ["pulls"]):
                lock (PullRequests)
                {
                    var (branch, into) = ((string)json["head"]!, (string)json["base"]!);
                    if (PullRequests.Any(p => (string?)p["state"] == "open" && (string?)p["head"]!["ref"] == branch && (string?)p["base"]!["ref"] == into))
                        return Respond(context, 422, Message($"Validation Failed: A pull request already exists for {Owner}:{branch}."));
                    var number = PullRequests.Count + 1;
                    var pull = new JsonObject
                    {
                        ["id"] = Interlocked.Increment(ref _nextId), ["number"] = number, ["state"] = "open", ["title"] = json["title"]?.DeepClone(), ["body"] = json["body"]?.DeepClone(),
                        ["html_url"] = $"https://github.com/{RepositoryPath[14..]}/pull/{number}",
                        ["head"] = new JsonObject { ["ref"] = branch, ["label"] = $"{Owner}:{branch}", ["sha"] = "0000000000000000000000000000000000000000" },
                        ["base"] = new JsonObject { ["ref"] = into }, ["labels"] = new JsonArray(),
                    };
                    PullRequests.Add(pull);
                    return Respond(context, 201, pull.DeepClone());
                }
            case ("PATCH", ["pulls", var number]):
                lock (PullRequests)
                {
                    var pull = PullRequests.FirstOrDefault(p => (int)p["number"]! == int.Parse(number));
                    if (pull is null) return Respond(context, 404, Message("Not Found"));
                    foreach (var (key, value) in json.Where(p => p.Key is "title" or "body" or "state")) pull[key] = value?.DeepClone();
                    return Respond(context, 200, pull.DeepClone());
                }
            case ("POST", ["issues", var number, "labels"]):
                lock (PullRequests)
                {
                    var pull = PullRequests.FirstOrDefault(p => (int)p["number"]! == int.Parse(number));
                    if (pull is null) return Respond(context, 404, Message("Not Found"));
                    var labels = pull["labels"]!.AsArray();
                    foreach (var name in json["labels"]!.AsArray().Select(l => (string)l!).Where(n => !labels.Any(l => (string?)l!["name"] == n)))
                        labels.Add(new JsonObject { ["id"] = Interlocked.Increment(ref _nextId), ["name"] = name });
                    return Respond(context, 200, labels.DeepClone());
                }
            case ("GET", ["pulls", var number]):
                lock (PullRequests)
                    if (PullRequests.FirstOrDefault(p => (int)p["number"]! == int.Parse(number)) is { } pull) return Respond(context, 200, pull.DeepClone());
                return PullRequestHeads.TryGetValue(int.Parse(number), out var head)
                    ? Respond(context, 200, new JsonObject { ["number"] = int.Parse(number), ["head"] = new JsonObject { ["sha"] = head } })
                    : Respond(context, 404, Message("Not Found"));
            case ("GET", ["issues", var issue, "comments"]):
                if (Volatile.Read(ref _heldCommentReads) > 0 && Interlocked.Decrement(ref _heldCommentReads) is var left and >= 0)
                {
                    if (left == 0) _heldCommentReadsArrived.Set();
                    _heldCommentReadsArrived.Wait(TimeSpan.FromSeconds(30));
                }
                lock (Comments)
                    return RespondPage(context, path, query, Comments.Where(c => c["issue"] is null || (int)c["issue"]! == int.Parse(issue)).ToArray());
            case ("POST", ["issues", var issue, "comments"]):
                return Respond(context, 201, AddComment((string)json["body"]!, int.Parse(issue)).DeepClone());
            case ("PATCH", ["issues", "comments", var id]):
                lock (Comments)
                {
                    var comment = Comments.FirstOrDefault(c => (long)c["id"]! == long.Parse(id));
                    if (comment is null) return Respond(context, 404, Message("Not Found"));
                    comment["body"] = (string)json["body"]!;
                    return Respond(context, 200, comment.DeepClone());
                }
            case ("DELETE", ["issues", "comments", var id]):
                lock (Comments)
                    return Comments.RemoveAll(c => (long)c["id"]! == long.Parse(id)) > 0 ? Respond(context, 204, null) : Respond(context, 404, Message("Not Found"));
            case ("POST", ["statuses", var sha]):
                json["sha"] = sha;
                json["id"] = Interlocked.Increment(ref _nextId);
                lock (Statuses) Statuses.Add(json);
                return Respond(context, 201, json.DeepClone());
            case ("GET", ["releases", "tags", var tag]):
                lock (Releases)
                    return Releases.FirstOrDefault(r => (string?)r["tag_name"] == tag) is { } found ? Respond(context, 200, found.DeepClone()) : Respond(context, 404, Message("Not Found"));
            case ("POST", ["releases"]):
                lock (Releases)
                {
                    var id = Interlocked.Increment(ref _nextId);
                    json["id"] = id;
                    json["upload_url"] = $"{BaseUrl}/uploads{RepositoryPath[7..]}/releases/{id}/assets{{?name,label}}";
                    Releases.Add(json);
                    return Respond(context, 201, json.DeepClone());
                }
            case ("PATCH", ["releases", var id]):
                lock (Releases)
                {
                    var release = Releases.First(r => (long)r["id"]! == long.Parse(id));
                    foreach (var (key, value) in json) release[key] = value?.DeepClone();
                    return Respond(context, 200, release.DeepClone());
                }
            case ("GET", ["releases", var id, "assets"]):
                lock (Assets)
                    return Respond(context, 200, new JsonArray(Assets.Where(a => a.Release == long.Parse(id)).Select(a => (JsonNode)new JsonObject { ["id"] = a.Id, ["name"] = a.Name }).ToArray()));
            case ("PATCH", ["releases", "assets", var id]):
                lock (Assets)
                {
                    var index = Assets.FindIndex(a => a.Id == long.Parse(id));
                    if (index < 0) return Respond(context, 404, Message("Not Found"));
                    var name = (string)json["name"]!;
                    if (Assets.Any(a => a.Release == Assets[index].Release && a.Name == name && a.Id != Assets[index].Id))
                        return Respond(context, 422, Message("Validation Failed: already_exists name"));
                    Assets[index] = Assets[index] with { Name = name };
                    return Respond(context, 200, new JsonObject { ["id"] = Assets[index].Id, ["name"] = name });
                }
            case ("DELETE", ["releases", "assets", var id]):
                lock (Assets)
                    return Assets.RemoveAll(a => a.Id == long.Parse(id)) > 0 ? Respond(context, 204, null) : Respond(context, 404, Message("Not Found"));
            default:
                return Respond(context, 404, Message("Not Found"));
        }
    }

    /// <summary>One page of <paramref name="items"/> (<c>page</c>, <see cref="PageSize"/> a page) with GitHub's <c>Link</c> header to the others.</summary>
    private int RespondPage(HttpListenerContext context, string path, System.Collections.Specialized.NameValueCollection query, IReadOnlyList<JsonObject> items)
    {
        var page = int.TryParse(query["page"], out var p) ? p : 1;
        var pages = Math.Max(1, (items.Count + PageSize - 1) / PageSize);
        var rest = string.Join("", query.AllKeys.Where(k => k is not null and not "page").Select(k => $"&{k}={Uri.EscapeDataString(query[k]!)}"));
        var address = $"{LinkBaseUrl ?? BaseUrl}{path}?page=";
        var link = new List<string>();
        if (page < pages) link.Add($"<{address}{page + 1}{rest}>; rel=\"next\", <{address}{pages}{rest}>; rel=\"last\"");
        if (page > 1) link.Add($"<{address}1{rest}>; rel=\"first\", <{address}{page - 1}{rest}>; rel=\"prev\"");
        if (link.Count > 0) context.Response.AddHeader("Link", string.Join(", ", link));
        return Respond(context, 200, new JsonArray(items.Skip((page - 1) * PageSize).Take(PageSize).Select(c => c.DeepClone()).ToArray()));
    }

    private static JsonObject Message(string message) => new() { ["message"] = message, ["documentation_url"] = "https://docs.github.com/rest" };

    private int Respond(HttpListenerContext context, int status, JsonNode? json)
    {
        if (_answeredWithFault.TryGetValue(context, out var fault))
        {
            status = (int)fault;
            json = Message("Server Error");
        }
        context.Response.StatusCode = status;
        if (json is not null)
        {
            var bytes = Encoding.UTF8.GetBytes(json.ToJsonString());
            context.Response.ContentType = "application/json; charset=utf-8";
            context.Response.ContentLength64 = bytes.Length;
            context.Response.OutputStream.Write(bytes);
        }
        context.Response.Close();
        return status;
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _heldCommentReadsArrived.Dispose();
    }
}
