using System.Collections.Concurrent;
using Sluice.Tenants;

namespace Sluice.Limits;

/// <summary>
/// The per-instance side of the limits. Requests take tokens from this instance's current lease with a lock-free
/// compare-and-swap; only when it runs dry does one request per tenant (others wait on that tenant alone) lease
/// the next chunk from the <see cref="BudgetLedger"/>. Leftovers expire after <see cref="LeaseLifetime"/> so that
/// idle tokens cannot be saved up into a burst beyond the bucket's. A chunk is twice what the previous lease
/// actually used (at most <see cref="PlanLimits.Chunk"/>): a busy tenant leases rarely, a sparse one wastes almost
/// nothing of its monthly quota.
/// </summary>
public sealed class TenantLimiter(BudgetLedger ledger, TimeProvider clock)
{
    public static readonly TimeSpan LeaseLifetime = TimeSpan.FromSeconds(2);
    private readonly ConcurrentDictionary<string, Lease> _leases = new(StringComparer.Ordinal);

    public async ValueTask<LimitDecision> TryTakeAsync(Tenant tenant, int events, CancellationToken cancellationToken)
    {
        var lease = _leases.GetOrAdd(tenant.Id, _ => new Lease());
        var now = clock.GetUtcNow().UtcTicks;
        if (lease.TryTake(events, now, out var fast))
        {
            return fast;
        }

        await lease.Refill.WaitAsync(cancellationToken);
        try
        {
            // Someone may have refilled while we waited.
            now = clock.GetUtcNow().UtcTicks;
            if (lease.TryTake(events, now, out var refilled))
            {
                return refilled;
            }

            var (granted, decision) = await ledger.LeaseAsync(tenant, events, wanted: 2 * lease.Used + events, cancellationToken);
            if (decision.Allowed)
            {
                lease.Reset(granted - events, events, decision, now + LeaseLifetime.Ticks);
            }

            return decision;
        }
        finally
        {
            lease.Refill.Release();
        }
    }

    /// <summary>Gives back tokens taken for a request that was not accepted after all (its queue send failed).</summary>
    public void Refund(string tenantId, int events)
    {
        if (_leases.TryGetValue(tenantId, out var lease))
        {
            Interlocked.Add(ref lease.Remaining, events);
        }
    }

    private sealed class Lease
    {
        public readonly SemaphoreSlim Refill = new(1, 1);
        public int Remaining;
        public int Used;
        private long _expiresAt;
        private LimitDecision _last = new(true, 0, 0, TimeSpan.Zero, null);

        public bool TryTake(int events, long now, out LimitDecision decision)
        {
            decision = _last;
            while (now < Volatile.Read(ref _expiresAt))
            {
                var remaining = Volatile.Read(ref Remaining);
                if (remaining < events)
                {
                    return false;
                }

                if (Interlocked.CompareExchange(ref Remaining, remaining - events, remaining) == remaining)
                {
                    Interlocked.Add(ref Used, events);
                    decision = _last with { Remaining = _last.Remaining + remaining - events };
                    return true;
                }
            }

            return false;
        }

        /// <summary>A new lease, of which the request that leased it used <paramref name="used"/> at once.</summary>
        public void Reset(int remaining, int used, LimitDecision decision, long expiresAt)
        {
            _last = decision;
            Volatile.Write(ref Used, used);
            Volatile.Write(ref Remaining, remaining);
            Volatile.Write(ref _expiresAt, expiresAt);
        }
    }
}
