using System.Collections.Concurrent;
using Sluice.Tenants;

namespace Sluice.Limits;

/// <summary>
/// The per-instance side of the limits. Requests take tokens from this instance's current lease with a lock-free
/// compare-and-swap; only when it runs dry does one request per tenant (others wait on that tenant alone) lease
/// the next chunk from the <see cref="BudgetLedger"/>. Leftovers expire after <see cref="LeaseLifetime"/> so that
/// idle tokens cannot be saved up into a burst beyond the bucket's; they go back to the ledger (bucket and month)
/// with this instance's next lease for the tenant, so they are not lost to it either. A chunk is twice what the
/// previous lease actually used (at most <see cref="PlanLimits.Chunk"/>): a busy tenant leases rarely.
/// <para>
/// A lease in use is renewed ahead, in the background, by the request that finds it near its end (half spent, or
/// within <see cref="RenewAhead"/> of expiry): the renewal adds twice its recent use and extends it, and while it
/// is in flight the lease's own tokens stay usable for up to <see cref="RenewalGrace"/> past expiry. So a busy tenant's
/// requests never wait on the ledger's storage round trip, and a slow table (the chaos suite's +1 s) no longer
/// stalls its ingestion every two seconds. Every token used was still granted by the ledger first, so the limit
/// holds as before.
/// </para>
/// </summary>
public sealed class TenantLimiter(BudgetLedger ledger, TimeProvider clock)
{
    public static readonly TimeSpan LeaseLifetime = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan RenewAhead = TimeSpan.FromMilliseconds(500);
    public static readonly TimeSpan RenewalGrace = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<string, Lease> _leases = new(StringComparer.Ordinal);

    public async ValueTask<LimitDecision> TryTakeAsync(Tenant tenant, int events, CancellationToken cancellationToken)
    {
        var lease = _leases.GetOrAdd(tenant.Id, _ => new Lease());
        lease.Tenant = tenant;
        var now = clock.GetUtcNow().UtcTicks;
        if (lease.TryTake(events, now, out var fast))
        {
            if (lease.DueForRenewal(now) && lease.Refill.Wait(0))
            {
                _ = RenewAsync(tenant, lease);
            }

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

            // What this lease still holds cannot serve the request (it expired, or holds fewer than it needs): it
            // goes back to the ledger with this lease, or is kept to go back with the next if this one fails.
            var (granted, decision) = await LeaseGivingBackAsync(tenant, lease, events, wanted: 2 * lease.Used + events, lease.TakeUnused(), cancellationToken);
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

    /// <summary>Adds twice the lease's recent use to it and extends it; releases <see cref="Lease.Refill"/>, which the caller took.</summary>
    private async Task RenewAsync(Tenant tenant, Lease lease)
    {
        Volatile.Write(ref lease.Renewing, true);
        try
        {
            var used = Volatile.Read(ref lease.Used);
            var (granted, decision) = await LeaseGivingBackAsync(tenant, lease, 1, wanted: Math.Max(1, 2 * used), lease.TakeKept(), CancellationToken.None);
            if (decision.Allowed)
            {
                lease.Renew(granted, used, decision, clock.GetUtcNow().UtcTicks + LeaseLifetime.Ticks);
            }
        }
        catch (Exception)
        {
            // Nothing to answer here: the request that finds the lease spent leases in the foreground and gets the fault.
        }
        finally
        {
            Volatile.Write(ref lease.Renewing, false);
            lease.Refill.Release();
        }
    }

    /// <summary>
    /// Leases from the ledger, giving back <paramref name="returned"/> unused tokens in the same write. The ledger
    /// writes only a granted lease, so if it refuses or fails the lease keeps them to give back next time.
    /// </summary>
    private async Task<(int Granted, LimitDecision Decision)> LeaseGivingBackAsync(Tenant tenant, Lease lease, int events, int wanted, int returned, CancellationToken cancellationToken)
    {
        var givenBack = false;
        try
        {
            var leased = await ledger.LeaseAsync(tenant, events, wanted, returned, cancellationToken);
            givenBack = leased.Decision.Allowed;
            return leased;
        }
        finally
        {
            if (!givenBack)
            {
                lease.KeepToReturn(returned);
            }
        }
    }

    /// <summary>
    /// Gives back what expired leases did not use (they can no longer use it), so the month's count settles to the
    /// events accepted within a lease lifetime or two of a tenant's last request on this instance, instead of waiting
    /// for its next. <see cref="LeaseSettler"/> calls it every second.
    /// </summary>
    public async Task SettleExpiredAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcTicks;
        foreach (var lease in _leases.Values)
        {
            if (!lease.Expired(now) || lease.Tenant is not { } tenant || !lease.Refill.Wait(0))
            {
                continue;
            }

            try
            {
                if (lease.Expired(now) && lease.TakeUnused() is var unused and > 0)
                {
                    try
                    {
                        await ledger.GiveBackAsync(tenant, unused, cancellationToken);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        // Storage is down or busy: they go back with the next lease or the next pass.
                        lease.KeepToReturn(unused);
                    }
                }
            }
            finally
            {
                lease.Refill.Release();
            }
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
        public Tenant? Tenant;
        public int Remaining;
        public int Used;
        public bool Renewing;
        private int _kept;
        private long _expiresAt;
        private LimitDecision _last = new(true, 0, 0, TimeSpan.Zero, null);

        /// <summary>Past its life (and any renewal grace): no request can take from it any more.</summary>
        public bool Expired(long now) =>
            now >= Volatile.Read(ref _expiresAt) + (Volatile.Read(ref Renewing) ? RenewalGrace.Ticks : 0);

        /// <summary>Half spent, or close to expiry: time to renew ahead.</summary>
        public bool DueForRenewal(long now) =>
            Volatile.Read(ref Remaining) <= Volatile.Read(ref Used) || now >= Volatile.Read(ref _expiresAt) - RenewAhead.Ticks;

        public bool TryTake(int events, long now, out LimitDecision decision)
        {
            decision = _last;
            while (now < Volatile.Read(ref _expiresAt) + (Volatile.Read(ref Renewing) ? RenewalGrace.Ticks : 0))
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

        /// <summary>Tokens taken from this lease, or kept from earlier ones, that go back to the ledger with the next lease.</summary>
        public int TakeUnused() => Interlocked.Exchange(ref Remaining, 0) + TakeKept();

        /// <summary>Only the tokens kept from earlier leases: a lease being renewed ahead still serves its own.</summary>
        public int TakeKept() => Interlocked.Exchange(ref _kept, 0);

        public void KeepToReturn(int tokens) => Interlocked.Add(ref _kept, tokens);

        /// <summary>
        /// A renewal of twice <paramref name="used"/>, the use since the last one (so a lease that keeps running low
        /// grows, up to the ledger's chunk): <paramref name="granted"/> join the tokens left, of which at most as many
        /// stay (more would only be saved up into a burst; the rest go back to the ledger), and the count of use
        /// starts again.
        /// </summary>
        public void Renew(int granted, int used, LimitDecision decision, long expiresAt)
        {
            _last = decision;
            Interlocked.Add(ref Used, -used);
            int remaining;
            do
            {
                remaining = Volatile.Read(ref Remaining);
            }
            while (Interlocked.CompareExchange(ref Remaining, Math.Min(remaining, granted) + granted, remaining) != remaining);

            KeepToReturn(Math.Max(0, remaining - granted));
            Volatile.Write(ref _expiresAt, expiresAt);
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
