using Sluice.Auth;
using Sluice.Health;
using Sluice.Keys;
using Sluice.Limits;

namespace Sluice.Ingestion;

/// <summary>
/// <c>POST /api/events</c>: validate the key (ingest scope), read and validate the events (all-or-nothing), hand
/// them to the batcher, and answer 202 only once they are durably queued.
/// </summary>
public sealed class IngestApi(
    KeyValidator validator, TenantLimiter limiter, EventBatcher batcher, RecentEventIds recent, SluiceMetrics metrics, IOptions<IngestOptions> options, TimeProvider clock)
{
    private readonly IngestOptions _options = options.Value;

    public async Task<IResult> PostAsync(HttpRequest request)
    {
        var started = clock.GetTimestamp();
        try
        {
            var (result, accepted) = await AcceptAsync(request);
            if (result is ProblemResult problem)
            {
                metrics.Rejected(problem.Problem.Type, clock.GetElapsedTime(started));
            }
            else
            {
                metrics.Accepted(accepted, clock.GetElapsedTime(started));
            }

            return result;
        }
        catch (ProblemException e)
        {
            metrics.Rejected(e.Problem.Type, clock.GetElapsedTime(started));
            throw;
        }
    }

    private async Task<(IResult Result, int Accepted)> AcceptAsync(HttpRequest request)
    {
        var aborted = request.HttpContext.RequestAborted;
        var access = await validator.ValidateAsync(request, ApiKeyScope.Ingest);
        if (access.Problem is { } refused)
        {
            return (refused.ToResult(), 0);
        }

        using var body = await JsonBody.ReadAsync(request, EventLimits.MaxRequestBytes, aborted);
        var tenant = access.Tenant!;
        var events = EventRequestReader.Read(body, tenant.Id, clock.GetUtcNow());
        if (recent.FirstConflict(events) is { } reused)
        {
            return (new Problem(ProblemTypes.EventIdConflict,
                $"Event id '{reused.Id}' was already accepted with other content; the log keeps the first. Send other content under a new id.").ToResult(), 0);
        }

        var decision = await limiter.TryTakeAsync(tenant, events.Count, aborted);
        RateLimitHeaders.Apply(request.HttpContext.Response, decision);
        if (decision.Refusal is { } limited)
        {
            return (limited.ToResult(), 0);
        }

        var soleEventKey = events is [var sole] ? QueuedBatch.EventKey(tenant.Id, sole.Id) : null;
        if (!batcher.TryEnqueue(events.Select(EventBatchJson.Serialize).ToArray(), soleEventKey, out var queued))
        {
            limiter.Refund(tenant.Id, events.Count);
            return (Problem.Overloaded("Too many requests are waiting to be queued; retry shortly.").ToResult(), 0);
        }

        try
        {
            await queued.WaitAsync(_options.EnqueueDeadline, clock, aborted);
        }
        catch (TimeoutException)
        {
            return (Problem.StorageUnavailable(
                "The events were not confirmed as queued in time. Retry with the same event ids; duplicates are ignored.").ToResult(), 0);
        }
        catch (Exception e) when (ExceptionProblems.IsStorageFault(e))
        {
            limiter.Refund(tenant.Id, events.Count);
            throw new ProblemException(ExceptionProblems.FromException(e));
        }

        recent.Remember(events);
        return (JsonResults.Accepted(new EventsAccepted(events.Count, events.Select(e => e.Id).ToArray())), events.Count);
    }
}
