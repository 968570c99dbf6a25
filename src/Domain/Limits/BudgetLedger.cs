using Azure;
using Azure.Data.Tables;
using Sluice.Tenants;
using Sluice.Usage;

namespace Sluice.Limits;

/// <summary>
/// Each tenant's shared budget in Table Storage (<c>{tenantId}/budget</c>): a token bucket and the month's count.
/// Instances lease tokens from it in chunks with an ETag-guarded write, so the limit holds across any number of
/// instances with one storage round trip per chunk rather than per request. Leased tokens are taken from the
/// bucket and counted against the month at once, so instances can never overshoot together.
/// </summary>
public sealed class BudgetLedger(SluiceTables tables, IOptions<PlansOptions> plans, TimeProvider clock)
{
    private const string Row = "budget";
    private const int MaxAttempts = 25;
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// Leases at least <paramref name="events"/> tokens, up to <paramref name="wanted"/> when there are enough, or says
    /// why not. Leased tokens count against the month until they are given back: <paramref name="returned"/> tokens
    /// an earlier lease did not use go back to the bucket and off the month's count in the same write, only when the
    /// lease is granted (refused, nothing is written, and the caller keeps them to give back next time).
    /// </summary>
    public async Task<(int Granted, LimitDecision Decision)> LeaseAsync(Tenant tenant, int events, int wanted, int returned, CancellationToken cancellationToken)
    {
        var limits = plans.Value.For(tenant);
        if (events > limits.EventsPerMinute)
        {
            // Waiting cannot help a request larger than the whole bucket: refused for good, without a Retry-After.
            return (0, new LimitDecision(false, limits.EventsPerMinute, 0, TimeSpan.Zero, new Problem(ProblemTypes.BatchOverRateLimit,
                $"A request of {events} events can never fit a limit of {limits.EventsPerMinute} per minute; send at most {limits.EventsPerMinute} events a request.")));
        }

        for (var attempt = 0; ; attempt++)
        {
            var now = clock.GetUtcNow();
            var stored = await tables.Limits.GetEntityIfExistsAsync<TableEntity>(tenant.Id, Row, cancellationToken: cancellationToken);
            var entity = stored.HasValue ? stored.Value! : null;
            var (tokens, month, used) = Current(entity, limits, now, returned);

            if (limits.EventsPerMonth - used < events)
            {
                var nextMonth = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(1);
                return (0, Refuse(limits, (int)tokens, nextMonth - now, new Problem(ProblemTypes.QuotaExceeded,
                    $"Tenant {tenant.Id} has used {used} of its {limits.EventsPerMonth} events this month.")));
            }

            if (tokens < events)
            {
                var wait = TimeSpan.FromSeconds((events - tokens) / limits.TokensPerSecond);
                return (0, Refuse(limits, (int)tokens, wait, new Problem(ProblemTypes.RateLimited, $"Tenant {tenant.Id} may send {limits.EventsPerMinute} events per minute.")));
            }

            var granted = (int)Math.Min(Math.Max(events, Math.Min(wanted, limits.Chunk)), Math.Min(Math.Floor(tokens), limits.EventsPerMonth - used));
            var updated = new TableEntity(tenant.Id, Row)
            {
                ["Tokens"] = tokens - granted,
                ["RefilledAt"] = now,
                ["Month"] = month,
                ["MonthUsed"] = used + granted,
            };
            try
            {
                if (entity is null)
                {
                    await tables.Limits.AddEntityAsync(updated, cancellationToken);
                }
                else
                {
                    await tables.Limits.UpdateEntityAsync(updated, entity.ETag, TableUpdateMode.Replace, cancellationToken);
                }

                return (granted, new LimitDecision(true, limits.EventsPerMinute, (int)(tokens - granted), TimeSpan.Zero, null));
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412)
            {
                // Another instance leased first (each instance leases one at a time per tenant, so contenders are few).
                if (attempt == MaxAttempts)
                {
                    throw new ProblemException(Problem.Overloaded($"Tenant {tenant.Id}'s budget is too contended right now; retry shortly."));
                }

                var ceiling = Math.Min(MaxBackoff.TotalMilliseconds, Math.Pow(2, attempt));
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * ceiling), clock, cancellationToken);
            }
        }
    }

    /// <summary>
    /// Gives back tokens a lease did not use and can no longer use (it expired): to the bucket and off the month's
    /// count, so the count settles to the events accepted without waiting for the tenant's next request.
    /// </summary>
    public async Task GiveBackAsync(Tenant tenant, int returned, CancellationToken cancellationToken)
    {
        var limits = plans.Value.For(tenant);
        for (var attempt = 0; ; attempt++)
        {
            var stored = await tables.Limits.GetEntityIfExistsAsync<TableEntity>(tenant.Id, Row, cancellationToken: cancellationToken);
            if (!stored.HasValue)
            {
                return;
            }

            var now = clock.GetUtcNow();
            var (tokens, month, used) = Current(stored.Value!, limits, now, returned);
            try
            {
                await tables.Limits.UpdateEntityAsync(new TableEntity(tenant.Id, Row)
                {
                    ["Tokens"] = tokens,
                    ["RefilledAt"] = now,
                    ["Month"] = month,
                    ["MonthUsed"] = used,
                }, stored.Value!.ETag, TableUpdateMode.Replace, cancellationToken);
                return;
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412 && attempt < MaxAttempts)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * Math.Min(MaxBackoff.TotalMilliseconds, Math.Pow(2, attempt))), clock, cancellationToken);
            }
        }
    }

    /// <summary>
    /// This month's count of accepted events: the events answered 202, plus tokens instances hold in leases and have
    /// not used yet, which go back (<see cref="GiveBackAsync"/>) within a few seconds of a tenant's last request.
    /// </summary>
    public async Task<long> AcceptedThisMonthAsync(string tenantId, CancellationToken cancellationToken)
    {
        var stored = await tables.Limits.GetEntityIfExistsAsync<TableEntity>(tenantId, Row, ["Month", "MonthUsed"], cancellationToken);
        var month = UsageCounter.Month(clock.GetUtcNow());
        return stored.HasValue && stored.Value!.GetString("Month") == month ? stored.Value.GetInt64("MonthUsed") ?? 0 : 0;
    }

    /// <summary>The bucket refilled to now and the month's count, with <paramref name="returned"/> unused tokens given back to both.</summary>
    private static (double Tokens, string Month, long Used) Current(TableEntity? entity, PlanLimits limits, DateTimeOffset now, int returned)
    {
        var tokens = entity is null
            ? limits.EventsPerMinute
            : Math.Min(limits.EventsPerMinute, entity.GetDouble("Tokens")!.Value + returned + limits.TokensPerSecond * Math.Max(0, (now - entity.GetDateTimeOffset("RefilledAt")!.Value).TotalSeconds));
        var month = UsageCounter.Month(now);
        var used = entity?.GetString("Month") == month ? Math.Max(0, entity.GetInt64("MonthUsed")!.Value - returned) : 0;
        return (tokens, month, used);
    }

    private static LimitDecision Refuse(PlanLimits limits, int remaining, TimeSpan retryAfter, Problem problem) =>
        new(false, limits.EventsPerMinute, Math.Max(0, remaining), retryAfter, problem with { RetryAfter = retryAfter });
}
