using System.Globalization;
using System.Net;

namespace MLOps.GitHub;

/// <summary>How long and how often to retry. <see cref="Wait"/> is the clock, so tests need not sleep.</summary>
public sealed record RetryPolicy
{
    /// <summary>Requests per call at most, the first included.</summary>
    public int MaxAttempts { get; init; } = 5;
    /// <summary>The first backoff after a 5xx or a broken connection; doubled each time.</summary>
    public TimeSpan FirstBackoff { get; init; } = TimeSpan.FromSeconds(1);
    /// <summary>The most a call may wait in all before it gives up (and reporting warns).</summary>
    public TimeSpan Budget { get; init; } = TimeSpan.FromSeconds(90);
    /// <summary>The most one report or release may take, every request and wait included; after it, no more calls to GitHub.</summary>
    public TimeSpan TotalBudget { get; init; } = TimeSpan.FromMinutes(5);
    public Func<TimeSpan, CancellationToken, Task> Wait { get; init; } = Task.Delay;
    public Func<DateTimeOffset> Now { get; init; } = () => DateTimeOffset.UtcNow;
}

/// <summary>
/// Retries what GitHub documents as worth retrying, under Octokit's HttpClientAdapter: 429 and rate-limited 403
/// after <c>Retry-After</c> or until <c>x-ratelimit-reset</c> (GitHub did nothing), 5xx and broken connections with
/// exponential backoff, but those only for idempotent requests: a POST that failed so may have taken effect, and
/// sending it again could make a second check run or comment, so the caller looks first (<see cref="Creation"/>).
/// Never beyond the policy's budget for the request nor past <paramref name="deadline"/>, the end of the whole report.
/// What it gives up on reaches Octokit as the last answer, and becomes a warning.
/// </summary>
public sealed class RetryHandler(HttpMessageHandler inner, RetryPolicy policy, DateTimeOffset deadline) : DelegatingHandler(inner)
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Content is not null) await request.Content.LoadIntoBufferAsync().ConfigureAwait(false); // sent again on a retry
        var waited = TimeSpan.Zero;
        for (var attempt = 1; ; attempt++)
        {
            HttpResponseMessage? response = null;
            try
            {
                response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException) when (Idempotent(request) && attempt < policy.MaxAttempts && MayWait(waited, Backoff(attempt)))
            {
            }
            var delay = response is null ? Backoff(attempt) : DelayFor(response, attempt, Idempotent(request));
            if (response is not null && (delay is null || attempt >= policy.MaxAttempts || !MayWait(waited, delay.Value))) return response;
            response?.Dispose();
            await policy.Wait(delay!.Value, cancellationToken).ConfigureAwait(false);
            waited += delay.Value;
        }
    }

    private bool MayWait(TimeSpan waited, TimeSpan delay) => waited + delay <= policy.Budget && policy.Now() + delay <= deadline;

    /// <summary>How long to wait before asking again, or null when the answer is final.</summary>
    private static bool Idempotent(HttpRequestMessage request) => request.Method != HttpMethod.Post;

    private TimeSpan? DelayFor(HttpResponseMessage response, int attempt, bool idempotent)
    {
        var status = (int)response.StatusCode;
        var rateLimited = status == 429 || (response.StatusCode == HttpStatusCode.Forbidden &&
            (response.Headers.RetryAfter is not null || Header(response, "x-ratelimit-remaining") == "0"));
        if (rateLimited) return RetryAfter(response) ?? RateLimitReset(response) ?? Backoff(attempt);
        return status >= 500 && idempotent ? RetryAfter(response) ?? Backoff(attempt) : null;
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => Max(date - policy.Now()),
        _ => null,
    };

    private TimeSpan? RateLimitReset(HttpResponseMessage response) =>
        long.TryParse(Header(response, "x-ratelimit-reset"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var epoch)
            ? Max(DateTimeOffset.FromUnixTimeSeconds(epoch) - policy.Now() + TimeSpan.FromSeconds(1))
            : null;

    private TimeSpan Backoff(int attempt) => policy.FirstBackoff * Math.Pow(2, attempt - 1);

    private static TimeSpan Max(TimeSpan delay) => delay > TimeSpan.Zero ? delay : TimeSpan.Zero;

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
